-- +goose Up
-- Digests (docs/0037-goals-and-digest.md): the setting, and one row per
-- user and period ("daily:2026-12-07", "weekly:<Monday>"), unique, so a
-- period's digest is built and sent once whatever the retries.
ALTER TABLE notification_settings ADD COLUMN digest TEXT NOT NULL DEFAULT 'off';

CREATE TABLE digests (
    id                      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id                 BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period                  TEXT        NOT NULL,
    through_notification_id BIGINT      NOT NULL,
    status                  TEXT        NOT NULL,
    attempts                INT         NOT NULL DEFAULT 0,
    last_error              TEXT        NOT NULL DEFAULT '',
    subject                 TEXT        NOT NULL,
    text_body               TEXT        NOT NULL,
    html_body               TEXT        NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, period)
);
CREATE INDEX digests_user ON digests (user_id, id DESC);

-- +goose Down
DROP TABLE digests;
ALTER TABLE notification_settings DROP COLUMN digest;
