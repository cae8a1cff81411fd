package web

import (
	"net/http"

	"github.com/centavo/centavo"
)

// alertsLimit is how many notifications the inbox shows.
const alertsLimit = 100

type alertRow struct {
	centavo.Notification
	Kind         string // display name of the kind
	Level        string // info, warn, over
	CategoryName string // a budget alert's category, named
	Icon         string // a symbol before the kind ("": none), decorative
	Recurring    bool   // one of the recurring service's: links to /recurring, not to a budget
}

// alertIcons mark the recurring service's kinds, so that a bill's alerts
// stand apart from the budgets' at a glance.
var alertIcons = map[string]string{
	centavo.NotifyRecurringDetected: "↻",
	centavo.NotifyPriceIncrease:     "▲",
	centavo.NotifyBillUpcoming:      "◷",
	centavo.NotifyRecurringMissed:   "⊘",
}

var alertKinds = map[string][2]string{
	centavo.NotifyBudgetApproaching: {"Budget approaching", "warn"},
	centavo.NotifyBudgetExceeded:    {"Budget exceeded", "over"},
	centavo.NotifyBudgetProjected:   {"Heading over budget", "warn"},
	centavo.NotifyAccountUpdated:    {"Account updated", "info"},
	centavo.NotifyNeedsAttention:    {"Account needs attention", "over"},
	centavo.NotifyAccountStale:      {"Account not updating", "warn"},
	// The recurring service's (docs/0035); their levels pick the icon.
	centavo.NotifyRecurringDetected: {"Recurring charge found", "info"},
	centavo.NotifyPriceIncrease:     {"Price increase", "warn"},
	centavo.NotifyBillUpcoming:      {"Bill coming up", "info"},
	centavo.NotifyRecurringMissed:   {"Expected charge missed", "warn"},
}

func alertRows(list []centavo.Notification) []alertRow {
	out := make([]alertRow, len(list))
	for i, n := range list {
		k, ok := alertKinds[n.Kind]
		if !ok {
			k = [2]string{"Notice", "info"}
		}
		out[i] = alertRow{Notification: n, Kind: k[0], Level: k[1], Icon: alertIcons[n.Kind]}
		_, out[i].Recurring = alertIcons[n.Kind]
	}
	return out
}

type alertsData struct {
	Alerts     []alertRow
	UnreadOnly bool
	Unread     int
}

func (s *server) alerts(w http.ResponseWriter, r *http.Request, u *session) {
	unreadOnly := r.URL.Query().Get("show") == "unread"
	list, err := s.Notify.Notifications(r.Context(), u.userID, unreadOnly, alertsLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, names := alertRows(list), s.ownNames(r, u)
	for i := range rows {
		rows[i].CategoryName = names(rows[i].Category)
	}
	v := s.view(r, u, "Alerts", "alerts")
	v.Data = alertsData{Alerts: rows, UnreadOnly: unreadOnly, Unread: u.unread}
	s.render(w, r, http.StatusOK, "alerts", v)
}

func (s *server) markRead(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such alert.")
		return
	}
	if _, err := s.Notify.MarkRead(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/alerts", "read")+"#alert-"+r.PathValue("id"))
}

// markAllRead marks the unread notifications read, one by one (the
// service has no bulk method; the inbox shows at most alertsLimit).
func (s *server) markAllRead(w http.ResponseWriter, r *http.Request, u *session) {
	list, err := s.Notify.Notifications(r.Context(), u.userID, true, alertsLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, n := range list {
		if _, err := s.Notify.MarkRead(r.Context(), u.userID, n.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	redirect(w, r, withMsg("/alerts", "all-read"))
}
