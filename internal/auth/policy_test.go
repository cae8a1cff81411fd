package auth

import (
	"strings"
	"testing"
)

// TestCheckPassword: the rules of a new password. The passwords the
// README's walkthrough and the load generator use pass.
func TestCheckPassword(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"correct horse battery", "loadgen password 1", "Tr0ub4dor&3 plus", "ünïcödé paßwörter"} {
		if err := CheckPassword(ok, "me@example.com"); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"short", "ééééééééééé", "aaaaaaaaaaaaaaaa", "me@example.com", "ME@EXAMPLE.COM", "password12", "1234567890",
		"qwertyuiop", "letmein123", "iloveyou12", strings.Repeat("x", MaxPasswordLen+1),
	} {
		if err := CheckPassword(bad, "me@example.com"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	// The estimator reads the beginning of a long password (its cost grows
	// fast with length).
	if err := CheckPassword(strings.Repeat("ab", 300), "me@example.com"); err == nil {
		t.Error("a long repeated pattern accepted")
	}
	if err := CheckPassword(strings.Repeat("purple elephants dance at noon ", 30), "me@example.com"); err != nil {
		t.Errorf("a long passphrase refused: %v", err)
	}
}
