package centavo

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// OwnCategory is a category a user made under one of the fixed ones (its
// parent, a spending category or income). Its ID is "<parent>.<n>" (food.12):
// fixed ids are lowercase letters and underscores only, so an own id never
// collides with one, and the parent is known from the id alone — the
// aggregates, spending, budgets and the crowd roll an own category up to
// its parent without reading it. The parent is fixed at creation.
type OwnCategory struct {
	ID        string
	UserID    int64
	Name      string
	Parent    string
	CreatedAt time.Time
}

// MaxCategoryName is the longest name of an own category, in characters.
const MaxCategoryName = 50

// OwnCategoryID is the id of a user's own category numbered n under parent.
func OwnCategoryID(parent string, n int64) string {
	return parent + "." + strconv.FormatInt(n, 10)
}

// ParseOwnCategoryID splits an own category's id into its parent and
// number; ok is false for anything else (a fixed id, garbage).
func ParseOwnCategoryID(id string) (parent string, n int64, ok bool) {
	parent, num, found := strings.Cut(id, ".")
	if !found || !CanParent(parent) || num == "" || num[0] == '0' || len(num) > 18 {
		return "", 0, false
	}
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return "", 0, false // one spelling per id: no sign, no spaces
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return parent, n, true
}

// ParentCategory returns the fixed category an id rolls up to: the parent
// of an own category's id, the id itself otherwise.
func ParentCategory(id string) string {
	if i := strings.IndexByte(id, '.'); i > 0 {
		return id[:i]
	}
	return id
}

// IsOwnCategoryID reports whether id has the form of an own category's id
// (whether the user has it is the store's to say).
func IsOwnCategoryID(id string) bool {
	_, _, ok := ParseOwnCategoryID(id)
	return ok
}

// CanParent reports whether own categories may be made under the fixed
// category id: the spending categories and income.
func CanParent(id string) bool {
	c, ok := LookupCategory(id)
	return ok && (c.Kind == KindSpending || c.Kind == KindIncome)
}

// CleanCategoryName trims a proposed name of an own category and says
// whether it is acceptable: 1 to MaxCategoryName characters of valid
// UTF-8, no control characters.
func CleanCategoryName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxCategoryName {
		return name, false
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return name, false
		}
	}
	return name, true
}

// Category is the own category as an entry of the taxonomy: its parent's kind.
func (o OwnCategory) Category() Category {
	p, _ := LookupCategory(o.Parent)
	return Category{ID: o.ID, Name: o.Name, Kind: p.Kind}
}
