package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
)

// proposalData is the recommendation as a proposal to review: each
// category's budget now and proposed with the reason, what the proposal
// adds up to against income minus the savings target, and the savings
// target itself, editable. Nothing changes until Accept.
type proposalData struct {
	Currency     string
	Month        centavo.Month // from which the accepted budgets apply
	Rows         []recRow
	Changes      int   // categories whose budget would change
	Total        int64 // of the proposed budgets
	Current      int64 // of this month's budgets
	Income       int64
	Savings      int   // percent of income
	SaveCents    int64 // income × savings %
	Limit        int64 // income − savings: what the plan may budget
	Room         int64 // Limit − Total (the proposal fits: never negative)
	MaxSavings   int
	SavingsInput string // the field, as typed when refused
	Fingerprint  string // of the proposed amounts: Accept takes what was reviewed
}

type recRow struct {
	budget.Recommendation
	Name string
}

// proposalFingerprint identifies a proposal by its amounts and the month
// from which it applies (the page says "from December on": accepted on
// January 1st it would apply from January), so that Accept can tell the
// person accepts what they reviewed.
func proposalFingerprint(month centavo.Month, recs []budget.Recommendation) string {
	var b strings.Builder
	b.WriteString(month.String())
	b.WriteByte(';')
	for _, r := range recs {
		b.WriteString(r.Category)
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(r.AmountCents, 10))
		b.WriteByte(';')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

func (s *server) proposal(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderProposal(w, r, u, http.StatusOK, "", "")
}

func (s *server) renderProposal(w http.ResponseWriter, r *http.Request, u *session, status int, errMsg, savingsInput string) {
	ctx := r.Context()
	recs, err := s.Budget.Recommend(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	plan, err := s.Auth.BudgetPlan(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	month := centavo.MonthOf(s.Now())
	d := proposalData{Currency: u.user.Currency, Month: month, Income: u.user.MonthlyIncomeCents,
		Savings: plan.SavingsTargetPercent, MaxSavings: auth.MaxSavingsTargetPercent, Fingerprint: proposalFingerprint(month, recs),
		SavingsInput: strconv.Itoa(plan.SavingsTargetPercent)}
	if savingsInput != "" {
		d.SavingsInput = savingsInput
	}
	d.SaveCents = d.Income * int64(d.Savings) / 100
	d.Limit = d.Income - d.SaveCents
	for _, rec := range recs {
		d.Rows = append(d.Rows, recRow{Recommendation: rec, Name: categoryName(rec.Category)})
		d.Total += rec.AmountCents
		d.Current += rec.CurrentCents
		if rec.AmountCents != rec.CurrentCents {
			d.Changes++
		}
	}
	d.Room = d.Limit - d.Total
	v := s.view(r, u, "Recommended budgets", "budgets")
	v.Error = errMsg
	v.Data = d
	s.render(w, r, status, "proposal", v)
}

// setSavingsTarget changes the savings target the recommendation keeps
// out of the income, and shows the proposal again.
func (s *server) setSavingsTarget(w http.ResponseWriter, r *http.Request, u *session) {
	in := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("savings_target")), "%"))
	p, err := strconv.Atoi(in)
	if err != nil || p < 0 || p > auth.MaxSavingsTargetPercent {
		s.renderProposal(w, r, u, http.StatusUnprocessableEntity,
			"The savings target must be a whole percent from 0 to "+strconv.Itoa(auth.MaxSavingsTargetPercent)+", such as 10.", r.PostFormValue("savings_target"))
		return
	}
	if _, _, err := s.Auth.ChangeProfile(r.Context(), u.userID, auth.ProfileChange{SavingsTargetPercent: &p}); err != nil {
		if msg, ok := userError(err); ok {
			s.renderProposal(w, r, u, http.StatusUnprocessableEntity, msg, r.PostFormValue("savings_target"))
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/budgets/proposal", "savings-target")+"#savings")
}

// acceptRecommendation stores the recommendation as this month's budgets.
// The proposal page sends the fingerprint of what it showed: when the
// recommendation changed since (new spending, another tab changed the
// income), the page is shown again instead. Without a fingerprint (an
// older page, a script) it accepts the recommendation as it is.
func (s *server) acceptRecommendation(w http.ResponseWriter, r *http.Request, u *session) {
	if want := r.PostFormValue("proposal"); want != "" {
		recs, err := s.Budget.Recommend(r.Context(), u.userID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if proposalFingerprint(centavo.MonthOf(s.Now()), recs) != want {
			s.renderProposal(w, r, u, http.StatusConflict, "The recommendation changed since you opened it: review it again before you accept it.", "")
			return
		}
	}
	if _, err := s.Budget.AcceptRecommendation(r.Context(), u.userID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/budgets", "recommendation"))
}
