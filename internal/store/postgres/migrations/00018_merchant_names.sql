-- +goose Up
-- The display names a user gave a merchant for its new transactions
-- (PATCH /transactions/{id} {"merchant","apply_to_future"}: docs/0032),
-- keyed like the rules by the merchant key; ingest reads them with the
-- user's rules.
CREATE TABLE merchant_names (
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    merchant_key TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, merchant_key)
);

-- +goose Down
DROP TABLE merchant_names;
