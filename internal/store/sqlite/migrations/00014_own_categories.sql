-- +goose Up
-- A user's own categories under the fixed ones (docs/0029-own-categories.md).
-- Their id in transactions, aggregates, rules and budgets is
-- "<parent>.<id>"; AUTOINCREMENT: a removed category's number is never
-- given again. name_key is the name folded to lower case (by the service),
-- unique per user and parent.
CREATE TABLE own_categories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, parent, name_key)
) STRICT;

-- +goose Down
DROP TABLE own_categories;
