-- +goose Up
ALTER TABLE transactions ADD COLUMN merchant_key TEXT NOT NULL DEFAULT '';
CREATE INDEX transactions_user_merchant ON transactions (user_id, merchant_key);

CREATE TABLE user_rules (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    merchant_key TEXT        NOT NULL,
    merchant     TEXT        NOT NULL,
    category     TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, merchant_key)
);

-- One vote per user per merchant: a manual re-filing is a vote.
CREATE TABLE crowd_votes (
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    merchant_key TEXT        NOT NULL,
    category     TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, merchant_key)
);

-- The votes of this shard's users, counted per merchant and category, kept
-- in step with crowd_votes in the same transaction.
CREATE TABLE crowd_counts (
    merchant_key TEXT        NOT NULL,
    category     TEXT        NOT NULL,
    voters       BIGINT      NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (merchant_key, category)
);
CREATE INDEX crowd_counts_updated ON crowd_counts (updated_at);

-- +goose Down
DROP TABLE crowd_counts;
DROP TABLE crowd_votes;
DROP TABLE user_rules;
DROP INDEX transactions_user_merchant;
ALTER TABLE transactions DROP COLUMN merchant_key;
