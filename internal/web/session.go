package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
)

// Cookies. The session cookie holds an auth token, the same kind the JSON
// API's sign-in returns; the pre-session cookie holds a random secret that
// protects the sign-in and sign-up forms before there is a session.
const (
	sessionCookie    = "centavo_session"
	preSessionCookie = "centavo_pre"
	csrfField        = "csrf"
)

// session is the signed-in user of a request.
type session struct {
	userID int64
	token  string
	email  string
	user   centavo.User
	csrf   string
	unread int
}

type ctxKey struct{}

// csrfToken derives a form's CSRF token from the cookie's secret: an HMAC
// keyed by the secret (the session token, or the pre-session secret). An
// attacker's page cannot read the HttpOnly cookie, so cannot compute it;
// every process computes the same value without sharing a key, so forms
// survive restarts and load balancing across API processes.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("centavo web csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validCSRF compares in constant time.
func validCSRF(secret, got string) bool {
	if secret == "" || got == "" {
		return false
	}
	return hmac.Equal([]byte(csrfToken(secret)), []byte(got))
}

// setSession stores the token in the session cookie.
func (s *server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(auth.TokenTTL.Seconds()),
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
}

// preSession returns the pre-session secret, setting a new one if the
// request has none.
func (s *server) preSession(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(preSessionCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: preSessionCookie, Value: v, Path: "/", MaxAge: 24 * 3600,
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode,
	})
	return v
}

// session authenticates the request's cookie.
func (s *server) session(r *http.Request) (*session, bool) {
	if sess, ok := r.Context().Value(ctxKey{}).(*session); ok {
		return sess, true
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, false
	}
	id, err := s.Auth.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, false
	}
	u, err := s.Auth.User(r.Context(), id)
	if err != nil {
		return nil, false
	}
	return &session{userID: id, token: c.Value, email: u.Email, user: u, csrf: csrfToken(c.Value)}, true
}

// handlerFunc is a page or form handler of a signed-in user.
type handlerFunc func(w http.ResponseWriter, r *http.Request, u *session)

// signInFirst sends a signed-out visitor to the sign-in page, then back.
func signInFirst(w http.ResponseWriter, r *http.Request) {
	to := "/signin"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		to += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// csrfRefused answers a form whose CSRF token is missing or wrong.
const csrfRefused = "This form has expired or did not come from Centavo. Go back, reload the page and try again."

// signedIn finds the request's session and puts it in the request's
// context; without one it sends the visitor to sign in and reports false.
func (s *server) signedIn(w http.ResponseWriter, r *http.Request) (*session, *http.Request, bool) {
	sess, ok := s.session(r)
	if !ok {
		signInFirst(w, r)
		return nil, r, false
	}
	return sess, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)), true
}

// page wraps a GET page: a session is required.
func (s *server) page(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, r, ok := s.signedIn(w, r)
		if !ok {
			return
		}
		if list, err := s.Notify.Notifications(r.Context(), sess.userID, true, 100); err == nil {
			sess.unread = len(list)
		}
		fn(w, r, sess)
	})
}

// poll wraps a GET that answers script, not a page (no header, so no
// unread count to read): a session is required.
func (s *server) poll(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sess, r, ok := s.signedIn(w, r); ok {
			fn(w, r, sess)
		}
	})
}

// form wraps a POST: a session and a valid CSRF token are required.
func (s *server) form(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, r, ok := s.signedIn(w, r)
		if !ok {
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		if !validCSRF(sess.token, r.PostFormValue(csrfField)) {
			s.errorPage(w, r, http.StatusForbidden, csrfRefused)
			return
		}
		fn(w, r, sess)
	})
}

// parseForm reads a bounded form body; false when it answered an error.
func (s *server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "That form is too large.")
		} else {
			s.errorPage(w, r, http.StatusBadRequest, "That form could not be read.")
		}
		return false
	}
	return true
}
