-- +goose Up
-- Search across time (docs/0033-search-and-export.md). search_text is
-- computed in Go (store.SearchText: the lowercased, accent-stripped words of
-- merchant, seller, notes, split notes and tags, then a "#…" key per tag,
-- separated by single spaces); NULL for the rows from before, which the
-- store fills when it opens (backfillSearchText: SQL cannot strip accents
-- the same way without the unaccent extension).
ALTER TABLE transactions ADD COLUMN search_text text;
CREATE INDEX transactions_search_pending ON transactions (id) WHERE search_text IS NULL;

-- The index over it: one row per word (or tag key) of each transaction,
-- with the transaction's time and amount, in a covering B-tree in byte
-- order (COLLATE "C"). A word prefix is a range of terms; the totals and
-- the order of a search come from index-only scans (docs/0033 says why
-- this and not a GIN index over a tsvector: GIN gives the matching rows,
-- but every match's time and amount then come from the heap). Kept by
-- triggers: a statement's inserted or deleted rows at once, an update of
-- the text row by row.
CREATE TABLE transaction_terms (
    user_id bigint NOT NULL,
    term text COLLATE "C" NOT NULL,
    posted_at timestamptz NOT NULL,
    id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    PRIMARY KEY (user_id, term, posted_at, id) INCLUDE (amount_cents)
);

-- +goose StatementBegin
CREATE FUNCTION transaction_terms_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO transaction_terms (user_id, term, posted_at, id, amount_cents)
    SELECT n.user_id, w, n.posted_at, n.id, n.amount_cents
    FROM inserted n, unnest(string_to_array(n.search_text, ' ')) AS w
    WHERE n.search_text <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION transaction_terms_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM transaction_terms x USING deleted o, unnest(string_to_array(o.search_text, ' ')) AS w
    WHERE o.search_text <> '' AND x.user_id = o.user_id AND x.term = w AND x.posted_at = o.posted_at AND x.id = o.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION transaction_terms_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.search_text IS NOT DISTINCT FROM NEW.search_text THEN
        RETURN NULL;
    END IF;
    DELETE FROM transaction_terms
    WHERE OLD.search_text <> '' AND user_id = OLD.user_id AND posted_at = OLD.posted_at AND id = OLD.id
      AND term = ANY (string_to_array(OLD.search_text, ' '));
    INSERT INTO transaction_terms (user_id, term, posted_at, id, amount_cents)
    SELECT NEW.user_id, w, NEW.posted_at, NEW.id, NEW.amount_cents FROM unnest(string_to_array(NEW.search_text, ' ')) AS w
    WHERE NEW.search_text <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER transaction_terms_insert AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION transaction_terms_insert();
CREATE TRIGGER transaction_terms_delete AFTER DELETE ON transactions
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION transaction_terms_delete();
CREATE TRIGGER transaction_terms_update AFTER UPDATE OF search_text ON transactions
    FOR EACH ROW EXECUTE FUNCTION transaction_terms_update();

-- The filters' indexes: by category (newest first, the amount for the
-- totals) and by absolute amount (the amount and time for the totals and
-- the page's order).
CREATE INDEX transactions_user_category ON transactions (user_id, category, posted_at DESC, id DESC) INCLUDE (amount_cents);
CREATE INDEX transactions_user_abs_amount ON transactions (user_id, abs(amount_cents)) INCLUDE (amount_cents, posted_at, id);

-- +goose Down
DROP INDEX transactions_user_abs_amount;
DROP INDEX transactions_user_category;
DROP TRIGGER transaction_terms_update ON transactions;
DROP TRIGGER transaction_terms_delete ON transactions;
DROP TRIGGER transaction_terms_insert ON transactions;
DROP FUNCTION transaction_terms_update();
DROP FUNCTION transaction_terms_delete();
DROP FUNCTION transaction_terms_insert();
DROP TABLE transaction_terms;
DROP INDEX transactions_search_pending;
ALTER TABLE transactions DROP COLUMN search_text;
