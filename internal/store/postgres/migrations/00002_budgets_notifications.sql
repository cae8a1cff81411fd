-- +goose Up
CREATE TABLE budget_overrides (
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category     TEXT        NOT NULL,
    from_month   TEXT        NOT NULL, -- YYYY-MM
    amount_cents BIGINT,               -- NULL: back to the template
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, category, from_month)
);

CREATE TABLE notification_settings (
    user_id    BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      BOOLEAN NOT NULL DEFAULT false,
    webhooks   BOOLEAN NOT NULL DEFAULT false,
    thresholds TEXT    NOT NULL -- comma-separated percents
);

CREATE TABLE notifications (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL,
    category     TEXT        NOT NULL DEFAULT '',
    month        TEXT        NOT NULL DEFAULT '',
    threshold    INT         NOT NULL DEFAULT 0,
    budget_cents BIGINT      NOT NULL DEFAULT 0,
    account_id   BIGINT      NOT NULL DEFAULT 0,
    message      TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ,
    UNIQUE (user_id, key)
);
CREATE INDEX notifications_user_created ON notifications (user_id, id DESC);

CREATE TABLE webhooks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url           TEXT        NOT NULL,
    sealed_secret BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhooks_user_id ON webhooks (user_id);

CREATE TABLE deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    notification_id BIGINT      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel         TEXT        NOT NULL,
    webhook_id      BIGINT      NOT NULL DEFAULT 0,
    status          TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    response_code   INT         NOT NULL DEFAULT 0,
    last_error      TEXT        NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX deliveries_user ON deliveries (user_id, id DESC);
CREATE INDEX deliveries_webhook ON deliveries (user_id, webhook_id, id DESC);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE webhooks;
DROP TABLE notifications;
DROP TABLE notification_settings;
DROP TABLE budget_overrides;
