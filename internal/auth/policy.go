package auth

import (
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"

	"github.com/centavo/centavo"
)

// minGuessScore is the least zxcvbn score a new password must have: 2 means
// more than 10^6 guesses (score 1 and below are the common passwords, the
// keyboard walks and sequences, and words with a few digits).
const minGuessScore = 2

// strengthChecked bounds the text the strength estimator reads (the
// beginning of a longer password): its cost grows fast with length.
const strengthChecked = 64

// CheckPassword applies the rules of a new password for the user with
// the given e-mail: at least MinPasswordLen characters (at most
// MaxPasswordLen bytes), not one character repeated, not the e-mail (nor
// its part before the @), and not among the common or easily guessed
// passwords (zxcvbn's estimate, given the e-mail too).
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return centavo.Errorf(centavo.EINVALID, "password must be at least %d characters", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return centavo.Errorf(centavo.EINVALID, "password must be at most %d bytes", MaxPasswordLen)
	}
	first, _ := utf8.DecodeRuneInString(password)
	if strings.Count(password, string(first)) == n {
		return centavo.Errorf(centavo.EINVALID, "password must not be one character repeated")
	}
	e := strings.ToLower(strings.TrimSpace(email))
	local, _, _ := strings.Cut(e, "@")
	p := strings.ToLower(password)
	if e != "" && (p == e || p == local) {
		return centavo.Errorf(centavo.EINVALID, "password must not be your e-mail address")
	}
	checked := password
	if n > strengthChecked {
		checked = string([]rune(password)[:strengthChecked])
	}
	if r := zxcvbn.PasswordStrength(checked, []string{e, local, "centavo"}); r.Score < minGuessScore {
		return centavo.Errorf(centavo.EINVALID, "password is too common or too easy to guess: try a few unrelated words")
	}
	return nil
}
