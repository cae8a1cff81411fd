-- +goose Up
-- Every batch of downloads or imports looks up the account's pending rows;
-- few rows are pending, so a partial index keeps that lookup independent of
-- the account's history.
CREATE INDEX transactions_account_pending ON transactions (account_id) WHERE pending = 1;

-- +goose Down
DROP INDEX transactions_account_pending;
