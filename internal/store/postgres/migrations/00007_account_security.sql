-- +goose Up
-- Tokens get an id (to list and revoke them), a name and when they were
-- last used.
ALTER TABLE api_tokens
    ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN name TEXT NOT NULL DEFAULT '',
    ADD COLUMN last_used_at TIMESTAMPTZ;

-- One-time password reset tokens, stored hashed like API tokens.
CREATE TABLE password_resets (
    hash       BYTEA       PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_resets_user_id ON password_resets (user_id);

-- Two-factor sign-in (TOTP): the sealed secret, when it was confirmed (NULL:
-- being set up) and the last time step accepted (a code works once).
CREATE TABLE user_totp (
    user_id       BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sealed_secret BYTEA       NOT NULL,
    confirmed_at  TIMESTAMPTZ,
    last_step     BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL
);

-- One-time recovery codes, hashed.
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    BYTEA  NOT NULL,
    PRIMARY KEY (user_id, hash)
);

-- +goose Down
DROP TABLE recovery_codes;
DROP TABLE user_totp;
DROP TABLE password_resets;
ALTER TABLE api_tokens DROP COLUMN id, DROP COLUMN name, DROP COLUMN last_used_at;
