-- +goose Up
-- Saving goals (docs/0037-goals-and-digest.md): a target by a date, tracked
-- by an account's balance (account_id; a removed account leaves the goal to
-- its contributions) or by the contributions the user records, whose sum
-- goals.contributed_cents keeps in the same transaction as each one.
CREATE TABLE goals (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name              TEXT    NOT NULL,
    target_cents      INTEGER NOT NULL,
    target_day        INTEGER NOT NULL,
    account_id        INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    currency          TEXT    NOT NULL,
    contributed_cents INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX goals_user ON goals (user_id, id);
CREATE INDEX goals_account ON goals (account_id);

CREATE TABLE goal_contributions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    goal_id      INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    amount_cents INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX goal_contributions_goal ON goal_contributions (goal_id, day, id);

-- +goose Down
DROP TABLE goal_contributions;
DROP TABLE goals;
