-- +goose Up
-- A deleted user's id is never given again: the object store keeps its
-- objects under the user's id until a job removes them, and a new user
-- must not share them. (A rowid table reuses the highest id once its row is
-- gone; PostgreSQL's identities never go back.)
CREATE TABLE retired_user_ids (
    id INTEGER PRIMARY KEY
) STRICT;

-- +goose Down
DROP TABLE retired_user_ids;
