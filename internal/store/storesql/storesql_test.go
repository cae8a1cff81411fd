package storesql

import (
	"reflect"
	"regexp"
	"strconv"
	"testing"
)

func sqlite(n int) string { return "?" + strconv.Itoa(n) }

// TestPlaceholders: every statement numbers its placeholders $1 to $n with
// none missing, since SQLite counts a statement's parameters by the highest
// number and the engines pass exactly the arguments used.
func TestPlaceholders(t *testing.T) {
	placeholder := regexp.MustCompile(`\$(\d+)`)
	v := reflect.ValueOf(Shared())
	for i := range v.NumField() {
		name, query := v.Type().Field(i).Name, v.Field(i).String()
		if query == "" {
			t.Errorf("%s is empty", name)
			continue
		}
		seen := map[int]bool{}
		highest := 0
		for _, m := range placeholder.FindAllStringSubmatch(query, -1) {
			n, _ := strconv.Atoi(m[1])
			seen[n] = true
			highest = max(highest, n)
		}
		if len(seen) != highest {
			t.Errorf("%s: placeholders %v are not $1 to $%d", name, seen, highest)
		}
	}
}

func TestRenumbered(t *testing.T) {
	got := Shared().Renumbered(sqlite)
	if want := `SELECT user_id FROM api_tokens WHERE hash = ?1 AND expires_at > ?2`; got.UserIDByToken != want {
		t.Errorf("UserIDByToken = %q, want %q", got.UserIDByToken, want)
	}
	if want := `UPDATE notifications SET read_at = coalesce(read_at, ?1) WHERE user_id = ?2 AND id = ?3`; got.MarkNotificationRead != want {
		t.Errorf("MarkNotificationRead = %q, want %q", got.MarkNotificationRead, want)
	}
	v := reflect.ValueOf(got)
	for i := range v.NumField() {
		if q := v.Field(i).String(); regexp.MustCompile(`\$\d`).MatchString(q) {
			t.Errorf("%s keeps a $ placeholder: %s", v.Type().Field(i).Name, q)
		}
	}
}

func TestRenumber(t *testing.T) {
	for in, want := range map[string]string{
		`a = $1 AND b IN ($2, $10)`:         `a = ?1 AND b IN (?2, ?10)`,
		`a = '$1' AND b = $1`:               `a = '$1' AND b = ?1`,
		`a = 'it''s $2' AND b = $2`:         `a = 'it''s $2' AND b = ?2`,
		`a = $ AND b = $x AND c = $3`:       `a = $ AND b = $x AND c = ?3`,
		`SELECT count(*) FROM t WHERE a=$1`: `SELECT count(*) FROM t WHERE a=?1`,
	} {
		if got := renumber(in, sqlite); got != want {
			t.Errorf("renumber(%q) = %q, want %q", in, got, want)
		}
	}
}
