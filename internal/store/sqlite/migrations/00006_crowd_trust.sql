-- +goose Up
-- Only established users' votes count (docs/0023-crowd-trust.md): a vote
-- says whether it is in crowd_counts. The votes already cast are judged by
-- the rule as it reads today (the rule's numbers as of this migration: 14
-- days since sign-up, transactions in 2 months), and the counts are
-- recounted from the votes that count, so a crowd steered by fresh accounts
-- before this release stops deciding. Changed counts get a new updated_at,
-- so running processes read them again.
ALTER TABLE crowd_votes ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
UPDATE crowd_votes SET counted = 1 WHERE user_id IN (
    SELECT u.id FROM users u
    WHERE u.created_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000000 - 14 * 86400 * 1000000
      AND (SELECT count(DISTINCT m.month) FROM monthly_spending m WHERE m.user_id = u.id AND m.count > 0) >= 2
);
UPDATE crowd_counts SET
    voters = (SELECT count(*) FROM crowd_votes v
              WHERE v.merchant_key = crowd_counts.merchant_key AND v.category = crowd_counts.category AND v.counted = 1),
    updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000000
WHERE voters <> (SELECT count(*) FROM crowd_votes v
                 WHERE v.merchant_key = crowd_counts.merchant_key AND v.category = crowd_counts.category AND v.counted = 1);

-- +goose Down
-- The counts keep counting only the trusted votes.
ALTER TABLE crowd_votes DROP COLUMN counted;
