-- +goose Up
-- Search across time (docs/0033-search-and-export.md). search_text is
-- computed in Go (store.SearchText: the lowercased, accent-stripped words of
-- merchant, seller, notes, split notes and tags, then a "#…" key per tag,
-- separated by single spaces); NULL for the rows from before, which the
-- store fills when it opens (BackfillSearchText: SQL cannot strip accents
-- the same way without the unaccent extension).
ALTER TABLE transactions ADD COLUMN search_text text;
CREATE INDEX transactions_search_pending ON transactions (id) WHERE search_text IS NULL;

-- Its words as lexemes, as they are (no parser, no dictionary: the 'simple'
-- work is done in Go), in a GIN index that answers prefix queries 'caf':*.
CREATE INDEX transactions_search ON transactions USING gin (array_to_tsvector(string_to_array(search_text, ' ')));

-- The filters' indexes: by category (newest first, the amount for the
-- totals) and by absolute amount (the amount for the totals).
CREATE INDEX transactions_user_category ON transactions (user_id, category, posted_at DESC, id DESC) INCLUDE (amount_cents);
CREATE INDEX transactions_user_abs_amount ON transactions (user_id, abs(amount_cents)) INCLUDE (amount_cents);

-- +goose Down
DROP INDEX transactions_user_abs_amount;
DROP INDEX transactions_user_category;
DROP INDEX transactions_search;
DROP INDEX transactions_search_pending;
ALTER TABLE transactions DROP COLUMN search_text;
