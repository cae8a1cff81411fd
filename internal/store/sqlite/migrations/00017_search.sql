-- +goose Up
-- Search across time (docs/0033-search-and-export.md). search_text is
-- computed in Go (store.SearchText: the lowercased, accent-stripped words of
-- merchant, seller, notes, split notes and tags, then a "#…" key per tag);
-- NULL for the rows from before, which the store fills when it opens
-- (BackfillSearchText: SQL cannot strip accents the same way).
ALTER TABLE transactions ADD COLUMN search_text TEXT;
CREATE INDEX transactions_search_pending ON transactions (id) WHERE search_text IS NULL;

-- The full-text index over it, kept by triggers (external content: the
-- text lives once, in transactions). Only rowids are stored (detail=none):
-- queries are word prefixes and tag keys, never phrases.
CREATE VIRTUAL TABLE transactions_search USING fts5 (
    search_text, content = 'transactions', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '#'", prefix = '1 2 3', detail = none, columnsize = 0
);
-- +goose StatementBegin
CREATE TRIGGER transactions_search_insert AFTER INSERT ON transactions WHEN new.search_text IS NOT NULL BEGIN
    INSERT INTO transactions_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER transactions_search_delete AFTER DELETE ON transactions WHEN old.search_text IS NOT NULL BEGIN
    INSERT INTO transactions_search (transactions_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER transactions_search_update AFTER UPDATE OF search_text ON transactions BEGIN
    INSERT INTO transactions_search (transactions_search, rowid, search_text)
        SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
    INSERT INTO transactions_search (rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
END;
-- +goose StatementEnd

-- The filters' indexes: by category (newest first, the amount for the
-- totals) and by absolute amount (the amount for the totals).
CREATE INDEX transactions_user_category ON transactions (user_id, category, posted_at DESC, id DESC, amount_cents);
CREATE INDEX transactions_user_abs_amount ON transactions (user_id, abs(amount_cents), amount_cents);

-- +goose Down
DROP INDEX transactions_user_abs_amount;
DROP INDEX transactions_user_category;
DROP TRIGGER transactions_search_update;
DROP TRIGGER transactions_search_delete;
DROP TRIGGER transactions_search_insert;
DROP TABLE transactions_search;
DROP INDEX transactions_search_pending;
ALTER TABLE transactions DROP COLUMN search_text;
