-- +goose Up
-- Where money stands (docs/0027-balances-and-net-worth.md). Days are whole
-- days since 1970-01-01, UTC.
--
-- kind: 'asset' or 'liability' as the user chose it for a manual account;
-- '' for the others, whose kind follows from their type.
ALTER TABLE accounts ADD COLUMN kind TEXT NOT NULL DEFAULT '';

-- The balances the sources reported (or the user recorded), one per account
-- and day: the closing balance of that day, in the sign of the account's
-- transactions (a card owing $50 stands at -5000). A later report of the
-- same day replaces an earlier one.
CREATE TABLE account_balances (
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day             INTEGER NOT NULL,
    balance_cents   INTEGER NOT NULL,
    available_cents INTEGER,
    as_of           INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) STRICT;
CREATE INDEX account_balances_user ON account_balances (user_id, account_id, day);

-- The net amount of an account's posted rows per day, kept in the same SQL
-- transaction as the rows (only days that hold rows): with the reported
-- balances it gives every day's closing balance.
CREATE TABLE account_days (
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day          INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) STRICT;
CREATE INDEX account_days_user ON account_days (user_id, day);

INSERT INTO account_days (account_id, user_id, day, amount_cents, count)
    SELECT account_id, user_id, (posted_at - ((posted_at % 86400000000) + 86400000000) % 86400000000) / 86400000000, sum(amount_cents), count(*)
    FROM transactions WHERE pending = 0
    GROUP BY account_id, user_id, (posted_at - ((posted_at % 86400000000) + 86400000000) % 86400000000) / 86400000000;

-- +goose Down
DROP TABLE account_days;
DROP TABLE account_balances;
ALTER TABLE accounts DROP COLUMN kind;
