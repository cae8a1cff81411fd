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
	for name, query := range statements(Shared()) {
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
	for name, q := range statements(got) {
		if regexp.MustCompile(`\$\d`).MatchString(q) {
			t.Errorf("%s keeps a $ placeholder: %s", name, q)
		}
	}
}

// statements lists every statement by field name (a list's by name[i]),
// those of the embedded structs too.
func statements(s Statements) map[string]string {
	out := map[string]string{}
	addStatements(out, reflect.ValueOf(s))
	return out
}

func addStatements(out map[string]string, v reflect.Value) {
	for i := range v.NumField() {
		name, f := v.Type().Field(i).Name, v.Field(i)
		if f.Kind() == reflect.Struct {
			addStatements(out, f)
			continue
		}
		if f.Kind() == reflect.Slice {
			for j := range f.Len() {
				out[name+"["+strconv.Itoa(j)+"]"] = f.Index(j).String()
			}
			if f.Len() == 0 {
				out[name] = ""
			}
			continue
		}
		out[name] = f.String()
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
