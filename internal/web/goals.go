package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/goal"
)

// The goals page (docs/0018): saving goals from the goal service
// (docs/0037) with their progress, what they need a month and whether they
// are on track; forms to make, change and remove them and to record money
// put aside for a goal without an account.

type goalsData struct {
	Goals    []goalRow
	Accounts []goalAccount // the user's assets, which a goal may follow
	Currency string
	Today    string // YYYY-MM-DD: the latest day of a contribution
	Tomorrow string // the earliest target date of a new goal
	New      goalForm
	NewOpen  bool // the create form is shown open (no goals yet, or refused)
}

type goalAccount struct {
	ID       int64
	Name     string
	Currency string
}

// goalForm is a goal's form as typed (re-shown after a refusal).
type goalForm struct {
	Name, Target, Date, Account string
}

type goalRow struct {
	goal.View
	AccountName string
	Status      string // reached, ontrack, behind, pastdue
	Meter       meter
	Form        goalForm // the edit form's values
	EditOpen    bool
	Contribute  string // the contribution field as typed, after a refusal
	ContribOpen bool
	Error       string // a refusal of one of this goal's forms
}

func (s *server) goals(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderGoals(w, r, u, http.StatusOK, "", nil)
}

// goalRefusal is a refused form's input, shown again with the message.
type goalRefusal struct {
	id         int64 // the goal whose form it was (0: the create form)
	form       goalForm
	contribute *string // the contribution form's amount
}

func (s *server) renderGoals(w http.ResponseWriter, r *http.Request, u *session, status int, errMsg string, refused *goalRefusal) {
	ctx := r.Context()
	views, err := s.Goals.Goals(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accts, err := s.Accounts.Accounts(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := goalsData{Currency: u.user.Currency, Today: centavo.DayOf(s.Now()).String(),
		Tomorrow: (centavo.DayOf(s.Now()) + 1).String(), NewOpen: len(views) == 0}
	names := map[int64]string{}
	for _, a := range accts {
		names[a.ID] = a.Name
		if centavo.AccountKind(a) != centavo.KindLiability {
			d.Accounts = append(d.Accounts, goalAccount{ID: a.ID, Name: a.Name, Currency: a.Currency})
		}
	}
	for _, v := range views {
		row := newGoalRow(v, names[v.AccountID], centavo.DayOf(s.Now()))
		if refused != nil && refused.id == v.ID {
			row.Error = errMsg
			if refused.contribute != nil {
				row.Contribute, row.ContribOpen = *refused.contribute, true
			} else {
				row.Form, row.EditOpen = refused.form, true
			}
		}
		d.Goals = append(d.Goals, row)
	}
	if refused != nil && refused.id == 0 {
		d.New, d.NewOpen = refused.form, true
	}
	v := s.view(r, u, "Goals", "goals")
	v.Error = errMsg
	v.Data = d
	s.render(w, r, status, "goals", v)
}

// newGoalRow says where a goal stands: its bar (saved against the target,
// with a mark where the straight line to the target is today) and its
// state in words.
func newGoalRow(v goal.View, account string, today centavo.Day) goalRow {
	row := goalRow{View: v, AccountName: account, Status: "behind"}
	switch {
	case v.Reached:
		row.Status = "reached"
	case v.PastDue:
		row.Status = "pastdue"
	case v.OnTrack:
		row.Status = "ontrack"
	}
	row.Meter = meter{Width: strconv.Itoa(v.Percent), State: "goal", Percent: int64(v.Percent)}
	if v.Reached {
		row.Meter.State = "reached"
	}
	start, end := centavo.DayOf(v.CreatedAt), v.TargetDate
	if !v.Reached && end > start && today > start && today < end {
		row.Meter.Mark = strconv.FormatFloat(float64(today-start)*100/float64(end-start), 'f', 1, 64)
	}
	row.Form = goalForm{Name: v.Name, Target: inputAmount(v.TargetCents, v.Currency), Date: v.TargetDate.String()}
	if v.AccountID != 0 {
		row.Form.Account = strconv.FormatInt(v.AccountID, 10)
	}
	return row
}

// readGoalForm reads a goal's form into the service's input; msg says what
// is wrong with it (the service checks the rest).
func (s *server) readGoalForm(r *http.Request, u *session) (goalForm, goal.Input, string) {
	f := goalForm{Name: r.PostFormValue("name"), Target: strings.TrimSpace(r.PostFormValue("target")),
		Date: strings.TrimSpace(r.PostFormValue("date")), Account: r.PostFormValue("account")}
	var in goal.Input
	in.Name, in.TargetDate = &f.Name, &f.Date
	account := int64(0)
	currency := u.user.Currency
	if f.Account != "" {
		id, err := strconv.ParseInt(f.Account, 10, 64)
		if err != nil || id <= 0 {
			return f, in, "Choose one of your accounts, or none."
		}
		account = id
		if a, err := s.Accounts.Account(r.Context(), u.userID, id); err == nil {
			currency = a.Currency
		}
	}
	in.AccountID = &account
	cents, ok := parseMoney(f.Target, currency)
	if !ok || cents <= 0 {
		return f, in, "The target must be an amount above zero, such as 5000 or 5000.00."
	}
	in.TargetCents = &cents
	if f.Date == "" {
		return f, in, "Give the goal a target date."
	}
	return f, in, ""
}

func (s *server) createGoal(w http.ResponseWriter, r *http.Request, u *session) {
	f, in, msg := s.readGoalForm(r, u)
	if msg == "" {
		if *in.AccountID == 0 {
			in.AccountID = nil
		}
		_, err := s.Goals.Create(r.Context(), u.userID, in)
		if msg = goalError(err); msg == "" && err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if msg != "" {
		s.renderGoals(w, r, u, http.StatusUnprocessableEntity, msg, &goalRefusal{form: f})
		return
	}
	redirect(w, r, withMsg("/goals", "goal-added"))
}

// goalID reads the {id} of a goal's path; 0 when it is not a number.
func goalID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func (s *server) updateGoal(w http.ResponseWriter, r *http.Request, u *session) {
	id := goalID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "That does not exist, or it is not yours.")
		return
	}
	f, in, msg := s.readGoalForm(r, u)
	if msg == "" {
		_, err := s.Goals.Update(r.Context(), u.userID, id, in)
		if msg = goalError(err); msg == "" && err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if msg != "" {
		s.renderGoals(w, r, u, http.StatusUnprocessableEntity, msg, &goalRefusal{id: id, form: f})
		return
	}
	redirect(w, r, withMsg("/goals", "goal-saved")+"#goal-"+strconv.FormatInt(id, 10))
}

func (s *server) deleteGoal(w http.ResponseWriter, r *http.Request, u *session) {
	id := goalID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "That does not exist, or it is not yours.")
		return
	}
	if err := s.Goals.Delete(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/goals", "goal-removed"))
}

func (s *server) contributeToGoal(w http.ResponseWriter, r *http.Request, u *session) {
	id := goalID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "That does not exist, or it is not yours.")
		return
	}
	g, err := s.Goals.Goal(r.Context(), u.userID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typed := strings.TrimSpace(r.PostFormValue("amount"))
	cents, ok := parseMoney(typed, g.Currency)
	msg := ""
	if !ok || cents == 0 {
		msg = "The amount must be a number such as 50 or 50.00 (with a minus sign to take money out)."
	} else {
		var date *string
		if d := strings.TrimSpace(r.PostFormValue("date")); d != "" {
			date = &d
		}
		_, err = s.Goals.Contribute(r.Context(), u.userID, id, cents, date)
		if msg = goalError(err); msg == "" && err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if msg != "" {
		s.renderGoals(w, r, u, http.StatusUnprocessableEntity, msg, &goalRefusal{id: id, contribute: &typed})
		return
	}
	redirect(w, r, withMsg("/goals", "contribution")+"#goal-"+strconv.FormatInt(id, 10))
}

// goalError is the message of a refusal the person can fix ("" for none,
// or for an error that is not one: the caller fails with it). An account
// that is not the user's is a refusal of the form here, not a missing page.
func goalError(err error) string {
	if err == nil {
		return ""
	}
	if msg, ok := userError(err); ok {
		return capitalize(goalFields.Replace(msg)) + "."
	}
	if centavo.ErrorCode(err) == centavo.ENOTFOUND && strings.Contains(centavo.ErrorMessage(err), "account") {
		return "Choose one of your accounts, or none."
	}
	return ""
}

// goalFields names the API's fields in a refusal as the form does.
var goalFields = strings.NewReplacer("target_cents", "the target", "target_date", "the target date", "amount_cents", "the amount",
	"account_id", "the account", "name must", "the name must")
