package storesql

// The shared statements of recurring series (migration 00019, docs/0035),
// embedded in Statements.

// RecurringColumns are the columns of recurring_series in the order the
// stores scan them.
const RecurringColumns = `id, user_id, key, merchant_key, merchant, name, category, account_id, currency, cadence,
	amount_cents, amount_varies, income, last_date, next_date, next_amount_cents, status, state, tentative, history, updated_at`

// RecurringStatements are the shared statements of recurring series, each
// named after the store method that runs it.
type RecurringStatements struct {
	RecurringSeries       string
	RecurringSeriesByID   string
	UpsertRecurringSeries string
	SetRecurringState     string
	DeleteRecurringSeries string
	BillReminderDays      string
	SetBillReminderDays   string
}

// SharedRecurring returns the statements of recurring series with
// PostgreSQL's placeholders.
func SharedRecurring() RecurringStatements {
	return RecurringStatements{
		RecurringSeries:     `SELECT ` + RecurringColumns + ` FROM recurring_series WHERE user_id = $1 ORDER BY id`,
		RecurringSeriesByID: `SELECT ` + RecurringColumns + ` FROM recurring_series WHERE user_id = $1 AND id = $2`,
		UpsertRecurringSeries: `
			INSERT INTO recurring_series (user_id, key, merchant_key, merchant, category, account_id, currency, cadence,
				amount_cents, amount_varies, income, last_date, next_date, next_amount_cents, status, tentative, history, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
			ON CONFLICT (user_id, key) DO UPDATE SET merchant_key = excluded.merchant_key, merchant = excluded.merchant,
				category = excluded.category, account_id = excluded.account_id, currency = excluded.currency,
				cadence = excluded.cadence, amount_cents = excluded.amount_cents, amount_varies = excluded.amount_varies,
				income = excluded.income, last_date = excluded.last_date, next_date = excluded.next_date,
				next_amount_cents = excluded.next_amount_cents, status = excluded.status, tentative = excluded.tentative,
				history = excluded.history, updated_at = excluded.updated_at
			RETURNING id`,
		SetRecurringState:     `UPDATE recurring_series SET state = $1, name = $2 WHERE user_id = $3 AND id = $4`,
		DeleteRecurringSeries: `DELETE FROM recurring_series WHERE user_id = $1 AND id = $2`,
		BillReminderDays:      `SELECT bill_reminder_days FROM notification_settings WHERE user_id = $1`,
		// A user who never saved settings gets the default thresholds'
		// row (the text EncodeThresholds writes for 80, 100).
		SetBillReminderDays: `
			INSERT INTO notification_settings (user_id, thresholds, bill_reminder_days) VALUES ($1, '80,100', $2)
			ON CONFLICT (user_id) DO UPDATE SET bill_reminder_days = excluded.bill_reminder_days`,
	}
}
