-- +goose Up
-- The reported balances packed per account and block of 32 days (block =
-- day / 32, truncated), kept in the same SQL transaction as
-- account_balances, which stays the record: a net worth series reads some
-- 24 rows of text per account and two years instead of 730 rows
-- (docs/0027-balances-and-net-worth.md). packed is the block's reports by
-- day, "day:cents:available:as_of micros" joined by "," (available empty
-- when unknown).
CREATE TABLE account_balance_blocks (
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    block      BIGINT  NOT NULL,
    packed     TEXT    NOT NULL,
    PRIMARY KEY (account_id, block)
);
CREATE INDEX account_balance_blocks_user ON account_balance_blocks (user_id, account_id, block);

INSERT INTO account_balance_blocks (account_id, user_id, block, packed)
    SELECT account_id, user_id, day / 32,
           string_agg(CAST(day AS TEXT) || ':' || CAST(balance_cents AS TEXT) || ':' ||
                      coalesce(CAST(available_cents AS TEXT), '') || ':' || CAST(CAST(extract(epoch FROM as_of) * 1000000 AS BIGINT) AS TEXT), ',' ORDER BY day)
    FROM account_balances GROUP BY account_id, user_id, day / 32;

-- +goose Down
DROP TABLE account_balance_blocks;
