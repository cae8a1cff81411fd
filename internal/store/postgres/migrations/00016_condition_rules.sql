-- +goose Up
-- A user's rules with conditions (docs/0031-rules.md), run in position
-- order at ingest after the merchant rules (user_rules). Their ids start at
-- 2^40: merchant rules and these share one id space in the API, and the
-- range tells them apart. conditions is JSON
-- ({"descriptor_contains","merchant","amount_min_cents","amount_max_cents","account_id"});
-- the actions are columns ('' or NULL: none), category one of its own so
-- that removing an own category can point it at the parent in SQL.
CREATE TABLE condition_rules (
    id         BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1099511627776) PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position   INTEGER     NOT NULL,
    conditions TEXT        NOT NULL,
    category   TEXT        NOT NULL DEFAULT '',
    tags       TEXT        NOT NULL DEFAULT '',
    merchant   TEXT        NOT NULL DEFAULT '',
    hidden     BOOLEAN,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX condition_rules_user ON condition_rules (user_id, position);

-- +goose Down
DROP TABLE condition_rules;
