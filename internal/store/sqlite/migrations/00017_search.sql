-- +goose Up
-- Search across time (docs/0033-search-and-export.md). search_text is
-- computed in Go (store.SearchText: the lowercased, accent-stripped words of
-- merchant, seller, notes, split notes and tags, then a "#…" key per tag);
-- NULL for the rows from before, which the store fills when it opens
-- (BackfillSearchText: SQL cannot strip accents the same way).
ALTER TABLE transactions ADD COLUMN search_text TEXT;
CREATE INDEX transactions_search_pending ON transactions (id) WHERE search_text IS NULL;

-- The index over it: one row per word (or tag key) of each transaction,
-- with the transaction's time and amount, in a covering B-tree. A word
-- prefix is a range of terms; the totals and the order of a search come
-- from the index alone (docs/0033-search-and-export.md says why this and
-- not FTS5: FTS5 gives the matching ids fast, but reading each match's
-- time and amount from it or from transactions cost ~1.5 µs a row).
-- Kept by triggers from search_text (its words are letters and digits,
-- its tag keys "#" and hex digits: a JSON array by string replacement).
CREATE TABLE transaction_terms (
    user_id INTEGER NOT NULL,
    term TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    id INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (user_id, term, posted_at, id)
) WITHOUT ROWID;
-- +goose StatementBegin
CREATE TRIGGER transaction_terms_insert AFTER INSERT ON transactions WHEN new.search_text <> '' BEGIN
    INSERT OR IGNORE INTO transaction_terms (user_id, term, posted_at, id, amount_cents)
    SELECT new.user_id, value, new.posted_at, new.id, new.amount_cents FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER transaction_terms_delete AFTER DELETE ON transactions WHEN old.search_text <> '' BEGIN
    DELETE FROM transaction_terms WHERE user_id = old.user_id AND posted_at = old.posted_at AND id = old.id
        AND term IN (SELECT value FROM json_each('["' || replace(old.search_text, ' ', '","') || '"]'));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER transaction_terms_update AFTER UPDATE OF search_text ON transactions WHEN old.search_text IS NOT new.search_text BEGIN
    DELETE FROM transaction_terms WHERE old.search_text <> '' AND user_id = old.user_id AND posted_at = old.posted_at AND id = old.id
        AND term IN (SELECT value FROM json_each('["' || replace(old.search_text, ' ', '","') || '"]'));
    INSERT OR IGNORE INTO transaction_terms (user_id, term, posted_at, id, amount_cents)
    SELECT new.user_id, value, new.posted_at, new.id, new.amount_cents FROM json_each('["' || replace(new.search_text, ' ', '","') || '"]')
    WHERE new.search_text <> '';
END;
-- +goose StatementEnd

-- The filters' indexes: by category (newest first, the amount for the
-- totals) and by absolute amount (the amount for the totals).
CREATE INDEX transactions_user_category ON transactions (user_id, category, posted_at DESC, id DESC, amount_cents);
CREATE INDEX transactions_user_abs_amount ON transactions (user_id, abs(amount_cents), amount_cents, posted_at);

-- +goose Down
DROP INDEX transactions_user_abs_amount;
DROP INDEX transactions_user_category;
DROP TRIGGER transaction_terms_update;
DROP TRIGGER transaction_terms_delete;
DROP TRIGGER transaction_terms_insert;
DROP TABLE transaction_terms;
DROP INDEX transactions_search_pending;
ALTER TABLE transactions DROP COLUMN search_text;
