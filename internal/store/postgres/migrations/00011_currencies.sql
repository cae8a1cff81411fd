-- +goose Up
-- Aggregates are kept per currency (docs/0028-currencies.md): a EUR file
-- account and a USD bank account are never summed as one. The rows are
-- rebuilt from the transactions, the rows they summarise.
ALTER TABLE monthly_spending DROP CONSTRAINT monthly_spending_pkey;
ALTER TABLE monthly_spending ADD COLUMN currency TEXT NOT NULL DEFAULT '';
DELETE FROM monthly_spending;
INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count)
SELECT user_id, to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM'), currency, category, sum(amount_cents)::bigint, count(*)
FROM transactions GROUP BY 1, 2, 3, 4;
ALTER TABLE monthly_spending ALTER COLUMN currency DROP DEFAULT;
ALTER TABLE monthly_spending ADD PRIMARY KEY (user_id, month, currency, category);

-- The euro reference rates: units of currency one euro bought on day, the
-- exact decimal published (never a float).
CREATE TABLE exchange_rates (
    currency TEXT NOT NULL,
    day      TEXT NOT NULL, -- YYYY-MM-DD
    per_eur  TEXT NOT NULL,
    PRIMARY KEY (currency, day)
);

-- +goose Down
DROP TABLE exchange_rates;
CREATE TABLE monthly_spending_old AS
SELECT user_id, month, category, sum(amount_cents)::bigint AS amount_cents, sum(count)::bigint AS count
FROM monthly_spending GROUP BY 1, 2, 3;
DROP TABLE monthly_spending;
ALTER TABLE monthly_spending_old RENAME TO monthly_spending;
ALTER TABLE monthly_spending ADD PRIMARY KEY (user_id, month, category);
