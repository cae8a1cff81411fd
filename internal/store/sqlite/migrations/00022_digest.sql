-- +goose Up
-- Digests (docs/0037-goals-and-digest.md): the setting, and one row per
-- user and period ("daily:2026-12-07", "weekly:<Monday>"), unique, so a
-- period's digest is built and sent once whatever the retries.
ALTER TABLE notification_settings ADD COLUMN digest TEXT NOT NULL DEFAULT 'off';

CREATE TABLE digests (
    id                      INTEGER PRIMARY KEY,
    user_id                 INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period                  TEXT    NOT NULL,
    through_notification_id INTEGER NOT NULL,
    status                  TEXT    NOT NULL,
    attempts                INTEGER NOT NULL DEFAULT 0,
    last_error              TEXT    NOT NULL DEFAULT '',
    subject                 TEXT    NOT NULL,
    text_body               TEXT    NOT NULL,
    html_body               TEXT    NOT NULL,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    UNIQUE (user_id, period)
) STRICT;
CREATE INDEX digests_user ON digests (user_id, id DESC);

-- +goose Down
DROP TABLE digests;
ALTER TABLE notification_settings DROP COLUMN digest;
