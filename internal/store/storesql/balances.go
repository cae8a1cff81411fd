package storesql

import "strings"

// balances sets the statements of reported balances and of the accounts'
// net amounts per day.
func (s *Statements) balances() {
	s.RecordBalance = `
		INSERT INTO account_balances (account_id, user_id, day, balance_cents, available_cents, as_of)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id, day) DO UPDATE SET
			balance_cents = excluded.balance_cents, available_cents = excluded.available_cents, as_of = excluded.as_of
		WHERE excluded.as_of >= account_balances.as_of
		RETURNING account_id`
	// A report refreshes its block: the packed text of its account's
	// reports of the 32 days (day / 32) it falls in (BlockDays).
	s.RefreshBalanceBlock = `
		INSERT INTO account_balance_blocks (account_id, user_id, block, packed)
		SELECT account_id, user_id, CAST($2 AS BIGINT), string_agg(` + packedBalance + `, ',' ORDER BY day)
		FROM account_balances
		WHERE account_id = $1 AND day BETWEEN CAST($2 AS BIGINT) * 32 - 31 AND CAST($2 AS BIGINT) * 32 + 31 AND day / 32 = CAST($2 AS BIGINT)
		GROUP BY account_id, user_id
		ON CONFLICT (account_id, block) DO UPDATE SET packed = excluded.packed`
	// Balances reads the blocks (store.AppendPackedBalances), and
	// AccountDays packs each account's days into one text
	// (store.AppendPackedDays): a two-year history is some 240 rows of
	// text for ten accounts, not 7,300 rows to aggregate; the blocks of
	// Since's block on (the engine's integer division truncates, so a
	// day's block never precedes Since's), the days before Since dropped
	// by the reader.
	s.Balances = `
		SELECT account_id, packed FROM account_balance_blocks
		WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR account_id = CAST($2 AS BIGINT)) AND block >= CAST($3 AS BIGINT) / 32
		ORDER BY account_id, block`
	s.LatestBalances = `
		SELECT b.account_id, b.day, b.balance_cents, b.available_cents, b.as_of FROM account_balances b
		JOIN (SELECT account_id, max(day) AS day FROM account_balances WHERE user_id = $1 GROUP BY account_id) m
		  ON m.account_id = b.account_id AND m.day = b.day
		ORDER BY b.account_id`
	s.AccountDays = `
		SELECT account_id, string_agg(CAST(day AS TEXT) || ':' || CAST(amount_cents AS TEXT) || ':' || CAST(count AS TEXT), ',' ORDER BY day)
		FROM account_days
		WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR account_id = CAST($2 AS BIGINT)) AND day >= $3
		GROUP BY account_id ORDER BY account_id`
	s.AddAccountDay = `
		INSERT INTO account_days (account_id, user_id, day, amount_cents, count) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (account_id, day) DO UPDATE SET
			amount_cents = account_days.amount_cents + excluded.amount_cents, count = account_days.count + excluded.count`
	s.HoldingValues = `
		SELECT s.account_id, s.as_of, h.currency, CAST(sum(h.market_value_cents) AS BIGINT) FROM holding_snapshots s
		JOIN holdings h ON h.account_id = s.account_id
		WHERE s.user_id = $1 GROUP BY s.account_id, s.as_of, h.currency ORDER BY 1, 3`
	s.DropEmptyDay = `DELETE FROM account_days WHERE account_id = $1 AND day = $2 AND count = 0`
}

// BlockDays is how many days a block of packed reports spans: block =
// day / 32 in integer division (truncated, so block 0 spans days −31..31).
const BlockDays = 32

// packedBalance is one report as the blocks pack it
// ("day:cents:available:as_of micros", available empty when unknown);
// AS_OF_MICROS is the engine's as_of in microseconds.
const packedBalance = `CAST(day AS TEXT) || ':' || CAST(balance_cents AS TEXT) || ':' ||
	coalesce(CAST(available_cents AS TEXT), '') || ':' || CAST(AS_OF_MICROS AS TEXT)`

// computedBlocks are the blocks as the reports make them.
const computedBlocks = `
	SELECT account_id, user_id, day / 32 AS block, string_agg(` + packedBalance + `, ',' ORDER BY day) AS packed
	FROM account_balances GROUP BY account_id, user_id, day / 32`

// VerifyBlocks is the statement that lists the blocks of packed reports
// that differ from the reports (missing on either side included); asOf is
// the engine's as_of in microseconds.
func VerifyBlocks(asOf string) string {
	return strings.ReplaceAll(`
		SELECT user_id, account_id, block FROM (
			SELECT user_id, account_id, block, packed AS stored, '' AS computed FROM account_balance_blocks
			UNION ALL
			SELECT user_id, account_id, block, '', packed FROM (`+computedBlocks+`) c
		) both_sides
		GROUP BY 1, 2, 3 HAVING max(stored) <> max(computed)
		ORDER BY 1, 2, 3`, "AS_OF_MICROS", asOf)
}

// RebuildBlocks are the statements that set the blocks of packed reports
// to what the reports make: the first removes the blocks that differ, the
// second inserts them anew.
func RebuildBlocks(asOf string) []string {
	computed := strings.ReplaceAll(computedBlocks, "AS_OF_MICROS", asOf)
	return []string{
		`DELETE FROM account_balance_blocks WHERE NOT EXISTS (
			SELECT 1 FROM (` + computed + `) c
			WHERE c.account_id = account_balance_blocks.account_id AND c.block = account_balance_blocks.block
			  AND c.packed = account_balance_blocks.packed)`,
		`INSERT INTO account_balance_blocks (account_id, user_id, block, packed)
		SELECT c.account_id, c.user_id, c.block, c.packed FROM (` + computed + `) c
		WHERE NOT EXISTS (SELECT 1 FROM account_balance_blocks b WHERE b.account_id = c.account_id AND b.block = c.block)`,
	}
}

// VerifyDays is the statement that lists the accounts' days whose stored
// net amount differs from the sum of their posted rows; day is the engine's
// expression of a row's day (whole days since 1970) from posted_at.
func VerifyDays(day string) string {
	// One GROUP BY over both sides (a day missing on one side adds zeros).
	return strings.ReplaceAll(`
		SELECT user_id, account_id, day, sum(stored_cents), sum(computed_cents), sum(stored_count), sum(computed_count)
		FROM (
			SELECT user_id, account_id, day, amount_cents AS stored_cents, 0 AS computed_cents, count AS stored_count, 0 AS computed_count
			FROM account_days
			UNION ALL
			SELECT user_id, account_id, DAY, 0, amount_cents, 0, 1 FROM transactions WHERE pending = false
		) both_sides
		GROUP BY 1, 2, 3
		HAVING sum(stored_cents) <> sum(computed_cents) OR sum(stored_count) <> sum(computed_count)
		ORDER BY 1, 2, 3`, "DAY", day)
}

// RebuildDays are the statements that set the accounts' net amounts per
// day to the sums of their posted rows (day as in VerifyDays): the first
// removes the days that differ, the second inserts them anew.
func RebuildDays(day string) []string {
	computed := strings.ReplaceAll(`
		SELECT account_id, user_id, DAY AS day, sum(amount_cents) AS amount_cents, count(*) AS count
		FROM transactions WHERE pending = false GROUP BY account_id, user_id, DAY`, "DAY", day)
	return []string{
		`DELETE FROM account_days WHERE NOT EXISTS (
			SELECT 1 FROM (` + computed + `) c
			WHERE c.account_id = account_days.account_id AND c.day = account_days.day
			  AND c.amount_cents = account_days.amount_cents AND c.count = account_days.count)`,
		`INSERT INTO account_days (account_id, user_id, day, amount_cents, count)
		SELECT c.account_id, c.user_id, c.day, c.amount_cents, c.count FROM (` + computed + `) c
		WHERE NOT EXISTS (SELECT 1 FROM account_days d WHERE d.account_id = c.account_id AND d.day = c.day)`,
	}
}
