-- +goose Up
-- Times are INTEGER Unix microseconds, UTC. Money is INTEGER minor units.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    email                TEXT    NOT NULL UNIQUE,
    password_hash        TEXT    NOT NULL,
    monthly_income_cents INTEGER NOT NULL DEFAULT 0,
    currency             TEXT    NOT NULL DEFAULT 'USD',
    created_at           INTEGER NOT NULL,
    last_active_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
    hash       BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

CREATE TABLE accounts (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    connector          TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    type               TEXT    NOT NULL DEFAULT '',
    currency           TEXT    NOT NULL DEFAULT 'USD',
    institution        TEXT    NOT NULL, -- JSON, non-secret settings
    sealed_credentials BLOB    NOT NULL,
    status             TEXT    NOT NULL,
    last_update        INTEGER,
    last_error         TEXT    NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX accounts_user_id ON accounts (user_id);

CREATE TABLE transactions (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    institution_id  TEXT    NOT NULL,
    posted_at       INTEGER NOT NULL,
    seller          TEXT    NOT NULL,
    merchant        TEXT    NOT NULL,
    amount_cents    INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    category_source TEXT    NOT NULL,
    pending         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    UNIQUE (account_id, institution_id)
) STRICT;
CREATE INDEX transactions_user_posted ON transactions (user_id, posted_at DESC, id DESC);

CREATE TABLE monthly_spending (
    user_id      INTEGER NOT NULL,
    month        TEXT    NOT NULL, -- YYYY-MM, UTC
    category     TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (user_id, month, category)
) STRICT;

-- +goose Down
DROP TABLE monthly_spending;
DROP TABLE transactions;
DROP TABLE accounts;
DROP TABLE api_tokens;
DROP TABLE users;
