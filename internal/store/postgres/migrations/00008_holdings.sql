-- +goose Up
-- An investment account's positions: the latest snapshot per account
-- (holding_snapshots, with when the institution valued it, so that an older
-- file imported later does not replace a newer snapshot) and its holdings.
-- Units are an exact decimal kept as text (centavo.NormalizeUnits); prices
-- and market values are minor units.
CREATE TABLE holding_snapshots (
    account_id BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    as_of      TIMESTAMPTZ NOT NULL
);
CREATE INDEX holding_snapshots_user_id ON holding_snapshots (user_id);

CREATE TABLE holdings (
    account_id         BIGINT NOT NULL REFERENCES holding_snapshots (account_id) ON DELETE CASCADE,
    position           INT    NOT NULL,
    user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    security_id        TEXT   NOT NULL,
    security_name      TEXT   NOT NULL,
    ticker             TEXT   NOT NULL,
    units              TEXT   NOT NULL,
    price_cents        BIGINT NOT NULL,
    market_value_cents BIGINT NOT NULL,
    currency           TEXT   NOT NULL,
    PRIMARY KEY (account_id, position)
);
CREATE INDEX holdings_user_id ON holdings (user_id);

-- +goose Down
DROP TABLE holdings;
DROP TABLE holding_snapshots;
