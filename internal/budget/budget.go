// Package budget compares monthly spending with budgets and raises alerts.
//
// The walking skeleton only defines the evaluation job that every ingest
// enqueues; the budget issue gives it templates, overrides and notifications.
package budget

import "github.com/riverqueue/river"

// EvaluateArgs asks for one user's budgets of one month to be evaluated.
type EvaluateArgs struct {
	UserID int64  `json:"user_id"`
	Month  string `json:"month"` // YYYY-MM
}

// Kind is the River job kind.
func (EvaluateArgs) Kind() string { return "evaluate_budgets" }

// InsertOpts puts evaluations on the default queue.
func (EvaluateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: river.QueueDefault, MaxAttempts: 10}
}
