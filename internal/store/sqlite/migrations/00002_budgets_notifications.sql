-- +goose Up
CREATE TABLE budget_overrides (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category     TEXT    NOT NULL,
    from_month   TEXT    NOT NULL, -- YYYY-MM
    amount_cents INTEGER,          -- NULL: back to the template
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, category, from_month)
) STRICT;

CREATE TABLE notification_settings (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      INTEGER NOT NULL DEFAULT 0,
    webhooks   INTEGER NOT NULL DEFAULT 0,
    thresholds TEXT    NOT NULL -- comma-separated percents
) STRICT;

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    category     TEXT    NOT NULL DEFAULT '',
    month        TEXT    NOT NULL DEFAULT '',
    threshold    INTEGER NOT NULL DEFAULT 0,
    budget_cents INTEGER NOT NULL DEFAULT 0,
    account_id   INTEGER NOT NULL DEFAULT 0,
    message      TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    UNIQUE (user_id, key)
) STRICT;
CREATE INDEX notifications_user_created ON notifications (user_id, id DESC);

CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url           TEXT    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_user_id ON webhooks (user_id);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL,
    webhook_id      INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    response_code   INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX deliveries_user ON deliveries (user_id, id DESC);
CREATE INDEX deliveries_webhook ON deliveries (user_id, webhook_id, id DESC);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE webhooks;
DROP TABLE notifications;
DROP TABLE notification_settings;
DROP TABLE budget_overrides;
