-- +goose Up
-- Aggregates are kept per currency (docs/0028-currencies.md): a EUR file
-- account and a USD bank account are never summed as one. The table is
-- rebuilt from the transactions, the rows it summarises.
CREATE TABLE monthly_spending_new (
    user_id      INTEGER NOT NULL,
    month        TEXT    NOT NULL, -- YYYY-MM, UTC
    currency     TEXT    NOT NULL, -- ISO 4217
    category     TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (user_id, month, currency, category)
) STRICT;
INSERT INTO monthly_spending_new (user_id, month, currency, category, amount_cents, count)
SELECT user_id, strftime('%Y-%m', posted_at / 1000000, 'unixepoch'), currency, category, sum(amount_cents), count(*)
FROM transactions GROUP BY 1, 2, 3, 4;
DROP TABLE monthly_spending;
ALTER TABLE monthly_spending_new RENAME TO monthly_spending;

-- The euro reference rates: units of currency one euro bought on day, the
-- exact decimal published (never a float).
CREATE TABLE exchange_rates (
    currency TEXT NOT NULL,
    day      TEXT NOT NULL, -- YYYY-MM-DD
    per_eur  TEXT NOT NULL,
    PRIMARY KEY (currency, day)
) STRICT;

-- +goose Down
DROP TABLE exchange_rates;
CREATE TABLE monthly_spending_old (
    user_id      INTEGER NOT NULL,
    month        TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (user_id, month, category)
) STRICT;
INSERT INTO monthly_spending_old (user_id, month, category, amount_cents, count)
SELECT user_id, month, category, sum(amount_cents), sum(count) FROM monthly_spending GROUP BY 1, 2, 3;
DROP TABLE monthly_spending;
ALTER TABLE monthly_spending_old RENAME TO monthly_spending;
