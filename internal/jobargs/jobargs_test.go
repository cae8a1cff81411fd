package jobargs

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
)

func TestEvaluationsOneJobPerChange(t *testing.T) {
	m := func(s string) centavo.Month {
		mm, err := centavo.ParseMonth(s)
		if err != nil {
			t.Fatal(err)
		}
		return mm
	}
	if got := Evaluations(7); got != nil {
		t.Errorf("no month: %v; want no job", got)
	}
	for _, c := range []struct {
		months []centavo.Month
		want   EvaluateBudgets
		asked  []string
	}{
		{[]centavo.Month{m("2026-12")}, EvaluateBudgets{UserID: 7, Month: "2026-12"}, []string{"2026-12"}},
		{[]centavo.Month{m("2026-12"), m("2026-12")}, EvaluateBudgets{UserID: 7, Month: "2026-12"}, []string{"2026-12"}},
		{
			[]centavo.Month{m("2026-11"), m("2027-01"), m("2026-09"), m("2026-11"), m("2026-12")},
			EvaluateBudgets{UserID: 7, Month: "2027-01", Months: []string{"2026-09", "2026-11", "2026-12", "2027-01"}},
			[]string{"2026-09", "2026-11", "2026-12", "2027-01"},
		},
	} {
		jobs := Evaluations(7, c.months...)
		if len(jobs) != 1 {
			t.Fatalf("%v: %d jobs; want 1", c.months, len(jobs))
		}
		got := jobs[0].Args.(EvaluateBudgets)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %+v; want %+v", c.months, got, c.want)
		}
		if asked := got.EvaluatedMonths(); !reflect.DeepEqual(asked, c.asked) {
			t.Errorf("%v: evaluates %v; want %v", c.months, asked, c.asked)
		}
	}
}

// A job queued before Months existed still decodes, and evaluates its month.
func TestEvaluateBudgetsQueuedBefore(t *testing.T) {
	var e EvaluateBudgets
	if err := json.Unmarshal([]byte(`{"user_id":3,"month":"2026-12"}`), &e); err != nil {
		t.Fatal(err)
	}
	if got := e.EvaluatedMonths(); !reflect.DeepEqual(got, []string{"2026-12"}) {
		t.Errorf("evaluates %v; want [2026-12]", got)
	}
	b, _ := json.Marshal(EvaluateBudgets{UserID: 3, Month: "2026-12"})
	if string(b) != `{"user_id":3,"month":"2026-12"}` {
		t.Errorf("one month encodes as %s; want the form of before", b)
	}
	if got := (EvaluateBudgets{Month: "2026-12", Months: []string{"2026-10"}}).EvaluatedMonths(); !reflect.DeepEqual(got, []string{"2026-10", "2026-12"}) {
		t.Errorf("Month outside Months: evaluates %v; want both", got)
	}
}
