package storesql

// goalColumns are a goal's columns, in the order the engines scan them.
const goalColumns = `id, user_id, name, target_cents, target_day, account_id, currency, contributed_cents, created_at, updated_at`

// GoalStatements are the statements of saving goals and their
// contributions (migration 00021, docs/0037).
type GoalStatements struct {
	Goal              string
	Goals             string
	CreateGoal        string
	UpdateGoal        string
	DeleteGoal        string
	AddContribution   string // AddGoalContribution: the row,
	AddContributed    string // then the goal's sum, refused below zero
	GoalContributions string
	GoalOfUser        string // the goal exists for the user (AddGoalContribution's not-found)
	VerifyGoals       string // Verify: goals whose contributed_cents is not the sum of their contributions
}

func sharedGoals() GoalStatements {
	return GoalStatements{
		Goal:  `SELECT ` + goalColumns + ` FROM goals WHERE user_id = $1 AND id = $2`,
		Goals: `SELECT ` + goalColumns + ` FROM goals WHERE user_id = $1 ORDER BY id`,
		CreateGoal: `
			INSERT INTO goals (user_id, name, target_cents, target_day, account_id, currency, contributed_cents, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) RETURNING id`,
		UpdateGoal: `
			UPDATE goals SET name = $1, target_cents = $2, target_day = $3, account_id = $4, currency = $5, updated_at = $6
			WHERE user_id = $7 AND id = $8`,
		DeleteGoal: `DELETE FROM goals WHERE user_id = $1 AND id = $2`,
		AddContribution: `
			INSERT INTO goal_contributions (user_id, goal_id, amount_cents, day, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		AddContributed: `
			UPDATE goals SET contributed_cents = contributed_cents + $1, updated_at = $2
			WHERE user_id = $3 AND id = $4 AND contributed_cents + $1 >= 0 AND contributed_cents + $1 <= $5`,
		GoalContributions: `
			SELECT id, user_id, goal_id, amount_cents, day, created_at FROM goal_contributions
			WHERE user_id = $1 AND goal_id = $2 ORDER BY day, id`,
		GoalOfUser: `SELECT id FROM goals WHERE user_id = $1 AND id = $2`,
		VerifyGoals: `
			SELECT g.user_id, g.id, g.contributed_cents, coalesce(sum(c.amount_cents), 0) FROM goals g
			LEFT JOIN goal_contributions c ON c.goal_id = g.id
			GROUP BY g.user_id, g.id, g.contributed_cents
			HAVING g.contributed_cents <> coalesce(sum(c.amount_cents), 0)
			ORDER BY 1, 2`,
	}
}
