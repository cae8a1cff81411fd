package auth

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

func setup(t *testing.T) (*Service, *time.Time) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := New(store.Single{Store: db}, func() time.Time { return now })
	s.params = argonParams{time: 1, memory: 1024, threads: 1, keyLen: 32} // fast for tests
	s.dummy = dummyHash(s.params)
	return s, &now
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := hashPassword("correct horse battery", argonParams{time: 1, memory: 1024, threads: 1, keyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := checkPassword("correct horse battery", h); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := checkPassword("correct horse batterY", h); ok {
		t.Fatal("wrong password accepted")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=1,t=1,p=1$!!$AA", "$argon2id$v=19$m=1,t=1,p=1$AA$"} {
		if _, err := checkPassword("x", bad); err == nil {
			t.Errorf("checkPassword accepted malformed hash %q", bad)
		}
	}
}

func TestSignUpSignIn(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	ctx := context.Background()
	u, err := s.SignUp(ctx, " Ana@Example.COM ", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "ana@example.com" || u.ID == 0 || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Fatalf("user %+v", u)
	}
	for _, c := range []struct{ email, pw, code string }{
		{"ana@example.com", "another long password", centavo.ECONFLICT},
		{"bob@example.com", "short", centavo.EINVALID},
		{"bob@example.com", "123456789", centavo.EINVALID},
		{"not-an-email", "long enough password", centavo.EINVALID},
		{"", "long enough password", centavo.EINVALID},
		{"bob@example.com", strings.Repeat("x", MaxPasswordLen+1), centavo.EINVALID},
	} {
		if _, err := s.SignUp(ctx, c.email, c.pw); centavo.ErrorCode(err) != c.code {
			t.Errorf("SignUp(%q, %q) = %v, want %s", c.email, c.pw, err, c.code)
		}
	}
	if _, err := s.SignIn(ctx, "ana@example.com", "wrong password!!"); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.SignIn(ctx, "nobody@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
		t.Fatalf("unknown user: %v", err)
	}
	tok, err := s.SignIn(ctx, "ANA@example.com", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Authenticate(ctx, tok)
	if err != nil || id != u.ID {
		t.Fatalf("Authenticate = %d, %v", id, err)
	}
	// The token with its last character changed (to one it is not).
	last := "A"
	if strings.HasSuffix(tok, "A") {
		last = "B"
	}
	for _, bad := range []string{"", "x", tok + "x", strings.Replace(tok, strings.Split(tok, ".")[0], "999", 1), tok[:len(tok)-1] + last} {
		if _, err := s.Authenticate(ctx, bad); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
			t.Errorf("Authenticate(%q) = %v", bad, err)
		}
	}
	*now = now.Add(TokenTTL + time.Second)
	if _, err := s.Authenticate(ctx, tok); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
		t.Fatalf("expired token accepted: %v", err)
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	ctx := context.Background()
	u, _ := s.SignUp(ctx, "c@example.com", "long enough password")
	tok, _ := s.IssueToken(ctx, u.ID)
	if err := s.SignOut(ctx, u.ID, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, tok); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
		t.Fatalf("token works after sign-out: %v", err)
	}
}

func TestActivityRecorded(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	ctx := context.Background()
	u, _ := s.SignUp(ctx, "d@example.com", "long enough password")
	tok, _ := s.IssueToken(ctx, u.ID)
	*now = now.Add(48 * time.Hour)
	if _, err := s.Authenticate(ctx, tok); err != nil {
		t.Fatal(err)
	}
	st, _ := s.cluster.ForUser(ctx, u.ID)
	got, _ := st.UserByID(ctx, u.ID)
	if !got.LastActiveAt.Equal(*now) {
		t.Fatalf("last_active_at = %v, want %v", got.LastActiveAt, *now)
	}
}

// Closed sign-up refuses new users; existing ones still sign in.
func TestSignupClosed(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	ctx := context.Background()
	if _, err := s.SignUp(ctx, "early@example.com", "long enough password"); err != nil {
		t.Fatal(err)
	}
	s.CloseSignup()
	if _, err := s.SignUp(ctx, "late@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.EFORBIDDEN || s.SignupOpen() {
		t.Fatalf("sign-up when closed: %v", err)
	}
	if _, err := s.SignIn(ctx, "early@example.com", "long enough password"); err != nil {
		t.Fatalf("an existing user when sign-up is closed: %v", err)
	}
}
