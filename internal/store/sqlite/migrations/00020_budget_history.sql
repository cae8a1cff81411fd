-- +goose Up
-- Budgets with a history, alerts with state, rollover (docs/0036).
-- budget_plans: the month the template first applied (the month the income
-- was first set; '' never) and the savings target the recommendation keeps.
-- Users who had an income before get the month they signed up.
CREATE TABLE budget_plans (
    user_id                INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    template_from          TEXT    NOT NULL DEFAULT '', -- YYYY-MM or ''
    savings_target_percent INTEGER NOT NULL DEFAULT 10
) STRICT;
INSERT INTO budget_plans (user_id, template_from)
SELECT id, strftime('%Y-%m', created_at / 1000000, 'unixepoch') FROM users WHERE monthly_income_cents > 0;

-- budget_alert_states: per (user, month, category, threshold) whether
-- spending is at or over it, and how many times it re-armed (the sequence
-- in the notification's key). Thresholds already notified count as crossed.
CREATE TABLE budget_alert_states (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    month     TEXT    NOT NULL,
    category  TEXT    NOT NULL,
    threshold INTEGER NOT NULL,
    crossed   INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (user_id, month, category, threshold)
) STRICT;
INSERT INTO budget_alert_states (user_id, month, category, threshold, crossed, seq)
SELECT DISTINCT user_id, month, category, threshold, 1, 0 FROM notifications
WHERE kind IN ('budget_approaching', 'budget_exceeded');

ALTER TABLE budget_overrides ADD COLUMN rollover INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE budget_overrides DROP COLUMN rollover;
DROP TABLE budget_alert_states;
DROP TABLE budget_plans;
