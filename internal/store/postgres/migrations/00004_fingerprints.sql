-- +goose Up
-- A transaction's fingerprint (date, amount, merchant) recognizes the same
-- transaction arriving without the bank's id (CSV, QIF) or under another id.
ALTER TABLE transactions ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
CREATE INDEX transactions_account_fingerprint ON transactions (account_id, fingerprint);

-- +goose Down
DROP INDEX transactions_account_fingerprint;
ALTER TABLE transactions DROP COLUMN fingerprint;
