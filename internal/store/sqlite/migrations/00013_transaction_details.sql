-- +goose Up
-- What a person adds to a transaction (docs/0032-transaction-details.md):
-- notes, tags (a JSON array of names, '' for none), hidden (left out of
-- spending, budgets and cash flow), splits (a JSON array of
-- {"amount_cents","category","notes"} whose amounts sum to the
-- transaction's, '' for none), edited (a bitmask of the fields the user
-- changed by hand: rules never touch them) and transfer_pair_id (the
-- lower id of the two transactions of a transfer between the user's own
-- accounts; NULL for none).
ALTER TABLE transactions ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN splits TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN transfer_pair_id INTEGER;
CREATE INDEX transactions_user_pair ON transactions (user_id, transfer_pair_id) WHERE transfer_pair_id IS NOT NULL;

-- What each transaction adds to monthly_spending: nothing when hidden, its
-- parts when split, else itself. Verify and the per-day sums read it.
CREATE VIEW spending_parts AS
    SELECT t.user_id, t.account_id, t.posted_at, t.currency, t.category, t.amount_cents
    FROM transactions t WHERE t.hidden = 0 AND t.splits = ''
    UNION ALL
    SELECT t.user_id, t.account_id, t.posted_at, t.currency, json_extract(s.value, '$.category'), json_extract(s.value, '$.amount_cents')
    FROM transactions t, json_each(t.splits) s WHERE t.hidden = 0 AND t.splits <> '';

-- +goose Down
DROP VIEW spending_parts;
DROP INDEX transactions_user_pair;
ALTER TABLE transactions DROP COLUMN transfer_pair_id;
ALTER TABLE transactions DROP COLUMN edited;
ALTER TABLE transactions DROP COLUMN splits;
ALTER TABLE transactions DROP COLUMN hidden;
ALTER TABLE transactions DROP COLUMN tags;
ALTER TABLE transactions DROP COLUMN notes;
