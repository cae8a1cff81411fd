-- +goose Up
-- A deleted user's id is never given again: the object store keeps its
-- objects under the user's id until a job removes them, and a new user
-- must not share them. (A rowid table reuses the highest id once its row is
-- gone; PostgreSQL's identities never go back.)
CREATE TABLE retired_user_ids (
    id INTEGER PRIMARY KEY
) STRICT;

-- Tokens get an id (to list and revoke them), a name and when they were
-- last used. SQLite cannot add a key column: the table is made anew.
CREATE TABLE api_tokens_new (
    id           INTEGER PRIMARY KEY,
    hash         BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;
INSERT INTO api_tokens_new (hash, user_id, created_at, expires_at)
    SELECT hash, user_id, created_at, expires_at FROM api_tokens ORDER BY created_at;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- One-time password reset tokens, stored hashed like API tokens.
CREATE TABLE password_resets (
    hash       BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX password_resets_user_id ON password_resets (user_id);

-- Two-factor sign-in (TOTP): the sealed secret, when it was confirmed (NULL:
-- being set up) and the last time step accepted (a code works once).
CREATE TABLE user_totp (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sealed_secret BLOB    NOT NULL,
    confirmed_at  INTEGER,
    last_step     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

-- One-time recovery codes, hashed.
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    BLOB    NOT NULL,
    PRIMARY KEY (user_id, hash)
) STRICT;

-- +goose Down
DROP TABLE recovery_codes;
DROP TABLE user_totp;
DROP TABLE password_resets;
CREATE TABLE api_tokens_old (
    hash       BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
INSERT INTO api_tokens_old SELECT hash, user_id, created_at, expires_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_old RENAME TO api_tokens;
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
DROP TABLE retired_user_ids;
