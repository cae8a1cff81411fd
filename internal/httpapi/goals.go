package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/goal"
)

// Saving goals (docs/0037-goals-and-digest.md).

type goalJSON struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	TargetCents        int64     `json:"target_cents"`
	TargetDate         string    `json:"target_date"`
	AccountID          *int64    `json:"account_id"`
	Currency           string    `json:"currency"`
	Source             string    `json:"source"`
	SavedCents         int64     `json:"saved_cents"`
	BalanceKnown       bool      `json:"balance_known"`
	ProgressPercent    int       `json:"progress_percent"`
	Reached            bool      `json:"reached"`
	MonthsLeft         int       `json:"months_left"`
	MonthlyNeededCents int64     `json:"monthly_needed_cents"`
	PastDue            bool      `json:"past_due"`
	OnTrack            bool      `json:"on_track"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

func toGoalJSON(v goal.View) goalJSON {
	out := goalJSON{ID: v.ID, Name: v.Name, TargetCents: v.TargetCents, TargetDate: v.TargetDate.String(), Currency: v.Currency,
		Source: v.Source, SavedCents: v.SavedCents, BalanceKnown: v.BalanceKnown, ProgressPercent: v.Percent, Reached: v.Reached,
		MonthsLeft: v.MonthsLeft, MonthlyNeededCents: v.MonthlyNeededCents, PastDue: v.PastDue, OnTrack: v.OnTrack,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.AccountID != 0 {
		id := v.AccountID
		out.AccountID = &id
	}
	return out
}

// optionalID is a JSON id that may be absent (Set false), null (Set, 0) or
// a number.
type optionalID struct {
	Set bool
	ID  int64
}

func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.ID = 0
		return nil
	}
	return json.Unmarshal(b, &o.ID)
}

type goalRequest struct {
	Name        *string    `json:"name"`
	TargetCents *int64     `json:"target_cents"`
	TargetDate  *string    `json:"target_date"`
	AccountID   optionalID `json:"account_id"`
}

func (req goalRequest) input() goal.Input {
	in := goal.Input{Name: req.Name, TargetCents: req.TargetCents, TargetDate: req.TargetDate}
	if req.AccountID.Set {
		id := req.AccountID.ID
		in.AccountID = &id
	}
	return in
}

func (s *server) handleGoals() http.Handler {
	type response struct {
		Goals []goalJSON `json:"goals"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Goals.Goals(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		out := response{Goals: make([]goalJSON, 0, len(list))}
		for _, v := range list {
			out.Goals = append(out.Goals, toGoalJSON(v))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleGetGoal() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v, err := s.Goals.Goal(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toGoalJSON(v))
		return nil
	})
}

func (s *server) handleCreateGoal() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[goalRequest](w, r)
		if err != nil {
			return err
		}
		v, err := s.Goals.Create(r.Context(), userID(r.Context()), req.input())
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, toGoalJSON(v))
		return nil
	})
}

func (s *server) handlePatchGoal() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[goalRequest](w, r)
		if err != nil {
			return err
		}
		v, err := s.Goals.Update(r.Context(), userID(r.Context()), id, req.input())
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toGoalJSON(v))
		return nil
	})
}

func (s *server) handleDeleteGoal() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Goals.Delete(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

type contributionJSON struct {
	ID          int64     `json:"id"`
	GoalID      int64     `json:"goal_id"`
	AmountCents int64     `json:"amount_cents"`
	Date        string    `json:"date"`
	CreatedAt   time.Time `json:"created_at"`
}

func toContributionJSON(c centavo.GoalContribution) contributionJSON {
	return contributionJSON{ID: c.ID, GoalID: c.GoalID, AmountCents: c.AmountCents, Date: c.Date.String(), CreatedAt: c.CreatedAt}
}

func (s *server) handleContributions() http.Handler {
	type response struct {
		Contributions []contributionJSON `json:"contributions"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		list, err := s.Goals.Contributions(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		out := response{Contributions: make([]contributionJSON, 0, len(list))}
		for _, c := range list {
			out.Contributions = append(out.Contributions, toContributionJSON(c))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleContribute() http.Handler {
	type request struct {
		AmountCents *int64  `json:"amount_cents"`
		Date        *string `json:"date"`
	}
	type response struct {
		Contribution contributionJSON `json:"contribution"`
		Goal         goalJSON         `json:"goal"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if req.AmountCents == nil {
			return errorf(centavo.EINVALID, "amount_cents is required")
		}
		c, err := s.Goals.Contribute(r.Context(), userID(r.Context()), id, *req.AmountCents, req.Date)
		if err != nil {
			return err
		}
		v, err := s.Goals.Goal(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, response{Contribution: toContributionJSON(c), Goal: toGoalJSON(v)})
		return nil
	})
}
