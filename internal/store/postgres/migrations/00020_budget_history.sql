-- +goose Up
-- Budgets with a history, alerts with state, rollover (docs/0036).
-- budget_plans: the month the template first applied (the month the income
-- was first set; '' never) and the savings target the recommendation keeps.
-- Users who had an income before get the month they signed up.
CREATE TABLE budget_plans (
    user_id                BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    template_from          TEXT    NOT NULL DEFAULT '', -- YYYY-MM or ''
    savings_target_percent INTEGER NOT NULL DEFAULT 10
);
INSERT INTO budget_plans (user_id, template_from)
SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM users WHERE monthly_income_cents > 0;

-- budget_alert_states: per (user, month, category, threshold) whether
-- spending is at or over it, and how many times it re-armed (the sequence
-- in the notification's key). Thresholds already notified count as crossed.
CREATE TABLE budget_alert_states (
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    month     TEXT    NOT NULL,
    category  TEXT    NOT NULL,
    threshold INTEGER NOT NULL,
    crossed   BOOLEAN NOT NULL,
    seq       BIGINT  NOT NULL,
    PRIMARY KEY (user_id, month, category, threshold)
);
INSERT INTO budget_alert_states (user_id, month, category, threshold, crossed, seq)
SELECT DISTINCT user_id, month, category, threshold, true, 0 FROM notifications
WHERE kind IN ('budget_approaching', 'budget_exceeded');

ALTER TABLE budget_overrides ADD COLUMN rollover BOOLEAN NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE budget_overrides DROP COLUMN rollover;
DROP TABLE budget_alert_states;
DROP TABLE budget_plans;
