-- +goose Up
-- The recurring bills, subscriptions and incomes found in a user's
-- transactions (issue 16, docs/0035): one row per (user, series key),
-- upserted by each detection, with the user's decision (state) and name,
-- which detection never overwrites. Dates are days since 1970-01-01;
-- occurrences, missed dates and price changes are JSON.
CREATE TABLE recurring_series (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key               TEXT    NOT NULL,
    merchant_key      TEXT    NOT NULL,
    merchant          TEXT    NOT NULL,
    name              TEXT    NOT NULL DEFAULT '',
    category          TEXT    NOT NULL,
    account_id        INTEGER NOT NULL,
    currency          TEXT    NOT NULL,
    cadence           TEXT    NOT NULL,
    amount_cents      INTEGER NOT NULL,
    amount_varies     INTEGER NOT NULL,
    income            INTEGER NOT NULL,
    last_date         INTEGER NOT NULL,
    next_date         INTEGER NOT NULL,
    next_amount_cents INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    state             TEXT    NOT NULL DEFAULT 'suggested',
    tentative         INTEGER NOT NULL,
    history           TEXT    NOT NULL, -- JSON: occurrences, missed, price changes
    updated_at        INTEGER NOT NULL,
    UNIQUE (user_id, key)
) STRICT;

-- bill_upcoming's lead time (0: off).
ALTER TABLE notification_settings ADD COLUMN bill_reminder_days INTEGER NOT NULL DEFAULT 3;

-- +goose Down
ALTER TABLE notification_settings DROP COLUMN bill_reminder_days;
DROP TABLE recurring_series;
