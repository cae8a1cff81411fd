package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/ledger"
)

// The rules page (docs/0031-rules.md): the merchant rules and the rules
// with conditions, in the order they run, and a form to add a rule with a
// preview of what it would change. Plain forms: no script needed.

// ruleForm is the add form's fields as typed (kept on a preview or error).
type ruleForm struct {
	Descriptor, Merchant, Min, Max, Account string
	Category, Tags, Rename, Hidden          string
	Past                                    bool
}

type ruleRow struct {
	ID          int64
	Position    int
	First, Last bool
	Conditions  []string
	Actions     []string
}

type rulesData struct {
	Merchant   []centavo.Rule
	Rules      []ruleRow
	Accounts   []centavo.Account
	Own        []centavo.OwnCategory
	Form       ruleForm
	Preview    *ledger.Preview
	Currency   string
	MaxRules   int
	CategoryOf func(string) string
}

func (s *server) rulesPage(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderRules(w, r, u, http.StatusOK, ruleForm{}, nil, "")
}

func (s *server) renderRules(w http.ResponseWriter, r *http.Request, u *session, status int, form ruleForm, preview *ledger.Preview, errMsg string) {
	ctx := r.Context()
	merchant, err := s.Categorize.Rules(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cond, err := s.Categorize.ConditionRules(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accts, err := s.Accounts.Accounts(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	own, err := s.Categorize.Categories(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := categoryNames(own)
	acctNames := map[int64]string{}
	for _, a := range accts {
		acctNames[a.ID] = a.Name
	}
	d := rulesData{Merchant: merchant, Accounts: accts, Own: own, Form: form, Preview: preview, Currency: u.user.Currency,
		MaxRules: categorize.MaxConditionRules, CategoryOf: names}
	for i, c := range cond {
		d.Rules = append(d.Rules, ruleRow{ID: c.ID, Position: c.Position, First: i == 0, Last: i == len(cond)-1,
			Conditions: describeConditions(c.Conditions, acctNames, u.user.Currency), Actions: describeActions(c.Actions, names)})
	}
	v := s.view(r, u, "Rules", "settings")
	v.Error = errMsg
	v.Data = d
	s.render(w, r, status, "rules", v)
}

// categoryNames names fixed and own categories ("Restaurants › Coffee").
// The own categories' names are made once, not per row named.
func categoryNames(own []centavo.OwnCategory) func(string) string {
	names := make(map[string]string, len(own))
	for _, o := range own {
		if _, seen := names[o.ID]; !seen {
			names[o.ID] = categoryName(o.Parent) + " › " + o.Name
		}
	}
	return func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return categoryName(id)
	}
}

func describeConditions(c centavo.RuleConditions, accounts map[int64]string, currency string) []string {
	var out []string
	if c.DescriptorContains != "" {
		out = append(out, "the description contains “"+c.DescriptorContains+"”")
	}
	if c.Merchant != "" {
		out = append(out, "the merchant is “"+c.Merchant+"”")
	}
	switch {
	case c.AmountMinCents != nil && c.AmountMaxCents != nil:
		out = append(out, "the amount is from "+centavo.FormatMoney(*c.AmountMinCents, currency)+" to "+centavo.FormatMoney(*c.AmountMaxCents, currency))
	case c.AmountMinCents != nil:
		out = append(out, "the amount is at least "+centavo.FormatMoney(*c.AmountMinCents, currency))
	case c.AmountMaxCents != nil:
		out = append(out, "the amount is at most "+centavo.FormatMoney(*c.AmountMaxCents, currency))
	}
	if c.AccountID != 0 {
		name, ok := accounts[c.AccountID]
		if !ok {
			name = "one you removed (it matches nothing)"
		}
		out = append(out, "the account is "+name)
	}
	return out
}

func describeActions(a centavo.RuleActions, names func(string) string) []string {
	var out []string
	if a.Category != "" {
		out = append(out, "file under "+names(a.Category))
	}
	if len(a.Tags) > 0 {
		out = append(out, "tag "+strings.Join(a.Tags, ", "))
	}
	if a.Merchant != "" {
		out = append(out, "rename the merchant “"+a.Merchant+"”")
	}
	if a.Hidden != nil {
		if *a.Hidden {
			out = append(out, "hide it")
		} else {
			out = append(out, "show it")
		}
	}
	return out
}

// ruleOf reads the add form into a rule; a message when an amount or the
// account is not one.
func ruleOf(r *http.Request, currency string) (ruleForm, centavo.ConditionRule, string) {
	f := ruleForm{Descriptor: r.PostFormValue("descriptor"), Merchant: r.PostFormValue("merchant"), Min: r.PostFormValue("min"),
		Max: r.PostFormValue("max"), Account: r.PostFormValue("account"), Category: r.PostFormValue("category"), Tags: r.PostFormValue("tags"),
		Rename: r.PostFormValue("rename"), Hidden: r.PostFormValue("hidden"), Past: r.PostFormValue("past") != ""}
	rule := centavo.ConditionRule{
		Conditions: centavo.RuleConditions{DescriptorContains: f.Descriptor, Merchant: f.Merchant},
		Actions:    centavo.RuleActions{Category: f.Category, Merchant: f.Rename},
	}
	for _, b := range []struct {
		text string
		to   **int64
	}{{f.Min, &rule.Conditions.AmountMinCents}, {f.Max, &rule.Conditions.AmountMaxCents}} {
		if strings.TrimSpace(b.text) == "" {
			continue
		}
		v, ok := parseMoney(b.text, currency)
		if !ok {
			return f, rule, "An amount must be an amount, like -25.00 (negative for money going out)."
		}
		*b.to = &v
	}
	if f.Account != "" {
		id, err := strconv.ParseInt(f.Account, 10, 64)
		if err != nil || id <= 0 {
			return f, rule, "Choose one of your accounts."
		}
		rule.Conditions.AccountID = id
	}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			rule.Actions.Tags = append(rule.Actions.Tags, t)
		}
	}
	if f.Hidden == "hide" || f.Hidden == "show" {
		h := f.Hidden == "hide"
		rule.Actions.Hidden = &h
	}
	return f, rule, ""
}

// addRule previews the form's rule (do=preview) or makes it.
func (s *server) addRule(w http.ResponseWriter, r *http.Request, u *session) {
	form, rule, msg := ruleOf(r, u.user.Currency)
	if msg != "" {
		s.renderRules(w, r, u, http.StatusUnprocessableEntity, form, nil, msg)
		return
	}
	if r.PostFormValue("do") == "preview" {
		p, err := s.Ledger.PreviewRule(r.Context(), u.userID, rule)
		if err != nil {
			s.ruleError(w, r, u, form, err)
			return
		}
		s.renderRules(w, r, u, http.StatusOK, form, &p, "")
		return
	}
	if _, _, err := s.Ledger.AddRule(r.Context(), u.userID, rule, form.Past); err != nil {
		s.ruleError(w, r, u, form, err)
		return
	}
	redirect(w, r, withMsg("/rules", "rule-added")+"#conditions")
}

func (s *server) ruleError(w http.ResponseWriter, r *http.Request, u *session, form ruleForm, err error) {
	if centavo.ErrorCode(err) == centavo.EINVALID {
		s.renderRules(w, r, u, http.StatusUnprocessableEntity, form, nil, capitalize(centavo.ErrorMessage(err))+".")
		return
	}
	s.fail(w, r, err)
}

// moveRule moves a rule with conditions to the form's position.
func (s *server) moveRule(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	pos, err := strconv.Atoi(r.PostFormValue("position"))
	if id == 0 || err != nil || pos < 1 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such rule.")
		return
	}
	if _, err := s.Categorize.ChangeRule(r.Context(), u.userID, id, categorize.RuleChange{Position: &pos}); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/rules", "rule-moved")+"#conditions")
}

// applyAnyRule and deleteAnyRule take a rule of either kind.
func (s *server) applyAnyRule(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such rule.")
		return
	}
	var err error
	if centavo.IsConditionRuleID(id) {
		_, _, err = s.Ledger.ApplyConditionRule(r.Context(), u.userID, id)
	} else {
		_, _, err = s.Ledger.ApplyRule(r.Context(), u.userID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/rules", "rule-applied"))
}

func (s *server) deleteAnyRule(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such rule.")
		return
	}
	if err := s.Categorize.DeleteAnyRule(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/rules", "rule-removed"))
}

// ownNames names the categories of a page's rows: categoryName, and the
// user's own categories ("Restaurants › Coffee"), read once, only when a
// row is filed under one.
func (s *server) ownNames(r *http.Request, u *session) func(string) string {
	var names func(string) string
	return func(id string) string {
		if !centavo.IsOwnCategoryID(id) {
			return categoryName(id)
		}
		if names == nil {
			own, err := s.Categorize.Categories(r.Context(), u.userID)
			if err != nil {
				own = nil // the id is shown instead of a name
			}
			names = categoryNames(own)
		}
		return names(id)
	}
}

// nameRows names the rows' categories with ownNames.
func nameRows(rows []txRow, name func(string) string) {
	for i := range rows {
		rows[i].CategoryName = name(rows[i].Category)
	}
}

// withOwn is the taxonomy with the user's own categories, each right after
// its parent, named "Parent › Name" (the category selects).
func withOwn(fixed []centavo.Category, own []centavo.OwnCategory) []centavo.Category {
	if len(own) == 0 {
		return fixed
	}
	out := make([]centavo.Category, 0, len(fixed)+len(own))
	for _, c := range fixed {
		out = append(out, c)
		for _, o := range own {
			if o.Parent == c.ID {
				oc := o.Category()
				oc.Name = c.Name + " › " + o.Name
				out = append(out, oc)
			}
		}
	}
	return out
}
