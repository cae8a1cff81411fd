package storesql

// digestColumns are a digest's columns, in the order the engines scan them.
const digestColumns = `id, user_id, period, through_notification_id, status, attempts, last_error, subject, text_body, html_body, created_at, updated_at`

// DigestStatements are the statements of the digest e-mails (migration
// 00022, docs/0037).
type DigestStatements struct {
	Digest       string
	LastDigest   string
	CreateDigest string
	UpdateDigest string
	DigestUsers  string
}

func sharedDigests() DigestStatements {
	return DigestStatements{
		Digest:     `SELECT ` + digestColumns + ` FROM digests WHERE user_id = $1 AND period = $2`,
		LastDigest: `SELECT ` + digestColumns + ` FROM digests WHERE user_id = $1 ORDER BY through_notification_id DESC, id DESC LIMIT 1`,
		CreateDigest: `
			INSERT INTO digests (user_id, period, through_notification_id, status, attempts, last_error, subject, text_body, html_body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 0, '', $5, $6, $7, $8, $8)
			ON CONFLICT (user_id, period) DO NOTHING RETURNING id`,
		UpdateDigest: `
			UPDATE digests SET status = $1, attempts = $2, last_error = $3, updated_at = $4 WHERE user_id = $5 AND id = $6`,
		DigestUsers: `
			SELECT user_id, digest FROM notification_settings
			WHERE user_id > $1 AND digest <> 'off' AND email = $2 ORDER BY user_id LIMIT $3`,
	}
}
