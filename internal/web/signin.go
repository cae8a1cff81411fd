package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
)

// credentialsForm is the sign-in and sign-up pages' data.
type credentialsForm struct {
	Email      string
	Next       string
	Min        int
	SignupOpen bool
}

func (s *server) signInPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.session(r); ok {
		redirect(w, r, "/")
		return
	}
	pre := s.preSession(w, r)
	s.render(w, r, http.StatusOK, "signin", view{Title: "Sign in", CSRF: csrfToken(pre), Flash: flash(r),
		Data: credentialsForm{Next: localPath(r.URL.Query().Get("next")), SignupOpen: s.Auth.SignupOpen()}})
}

func (s *server) signUpPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.session(r); ok {
		redirect(w, r, "/")
		return
	}
	if !s.Auth.SignupOpen() {
		s.errorPage(w, r, http.StatusForbidden, signupClosed)
		return
	}
	pre := s.preSession(w, r)
	s.render(w, r, http.StatusOK, "signup", view{Title: "Create your account", CSRF: csrfToken(pre), Data: credentialsForm{Min: auth.MinPasswordLen}})
}

// signupClosed is the page of /signup when the operator closed sign-up.
const signupClosed = "Sign-up is closed on this server: only its existing users can sign in."

// checkPreSession verifies the CSRF token of a signed-out form.
func (s *server) checkPreSession(w http.ResponseWriter, r *http.Request) bool {
	if !s.parseForm(w, r) {
		return false
	}
	c, err := r.Cookie(preSessionCookie)
	if err != nil || !validCSRF(c.Value, r.PostFormValue(csrfField)) {
		s.errorPage(w, r, http.StatusForbidden, csrfRefused)
		return false
	}
	return true
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	if !s.checkPreSession(w, r) {
		return
	}
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	token, err := s.Auth.SignInWith(r.Context(), auth.SignInRequest{Email: email, Password: password,
		TOTPCode: r.PostFormValue("totp_code"), TokenName: auth.TokenName("", "Web browser", r.UserAgent())})
	if err != nil {
		status, msg := http.StatusUnauthorized, "Wrong e-mail or password."
		switch centavo.ErrorCode(err) {
		case centavo.ETOTPREQUIRED:
			msg = "This account signs in with a second step: enter your password again and the code from your authenticator app (or a recovery code)."
		case centavo.EUNAUTHORIZED:
			if !errors.Is(err, auth.ErrBadLogin) {
				msg = "Wrong or already used two-factor code."
			}
		case centavo.ETOOMANY:
			status, msg = http.StatusTooManyRequests, capitalize(centavo.ErrorMessage(err))+"."
		case centavo.EUNAVAILABLE:
			status, msg = http.StatusServiceUnavailable, capitalize(centavo.ErrorMessage(err))+"."
		default:
			s.internalError(w, r, err)
			return
		}
		setRetryAfter(w, err)
		pre := s.preSession(w, r)
		s.render(w, r, status, "signin", view{Title: "Sign in", CSRF: csrfToken(pre), Error: msg,
			Data: credentialsForm{Email: email, Next: next, SignupOpen: s.Auth.SignupOpen()}})
		return
	}
	s.setSession(w, token)
	s.clearCookie(w, preSessionCookie)
	if next == "" {
		next = "/"
	}
	redirect(w, r, next)
}

func (s *server) signUp(w http.ResponseWriter, r *http.Request) {
	if !s.checkPreSession(w, r) {
		return
	}
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	again := func(status int, msg string) {
		pre := s.preSession(w, r)
		s.render(w, r, status, "signup", view{Title: "Create your account", CSRF: csrfToken(pre), Error: msg,
			Data: credentialsForm{Email: email, Min: auth.MinPasswordLen}})
	}
	if password != r.PostFormValue("password2") {
		again(http.StatusUnprocessableEntity, "The two passwords differ.")
		return
	}
	if _, err := s.Auth.SignUp(r.Context(), email, password); err != nil {
		switch centavo.ErrorCode(err) {
		case centavo.EINVALID:
			again(http.StatusUnprocessableEntity, centavo.ErrorMessage(err)+".")
		case centavo.ECONFLICT:
			again(http.StatusConflict, "This e-mail is already registered: sign in instead.")
		case centavo.ETOOMANY, centavo.EUNAVAILABLE:
			setRetryAfter(w, err)
			status := http.StatusServiceUnavailable
			if centavo.ErrorCode(err) == centavo.ETOOMANY {
				status = http.StatusTooManyRequests
			}
			again(status, capitalize(centavo.ErrorMessage(err))+".")
		case centavo.EFORBIDDEN:
			s.errorPage(w, r, http.StatusForbidden, signupClosed)
		default:
			s.fail(w, r, err)
		}
		return
	}
	token, err := s.Auth.SignInWith(r.Context(), auth.SignInRequest{Email: email, Password: password,
		TokenName: auth.TokenName("", "Web browser", r.UserAgent())})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSession(w, token)
	s.clearCookie(w, preSessionCookie)
	redirect(w, r, withMsg("/accounts", "welcome"))
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request, u *session) {
	if err := s.Auth.SignOut(r.Context(), u.userID, u.token); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	redirect(w, r, withMsg("/signin", "signed-out"))
}

// setRetryAfter tells the browser when to try again after a throttled or
// busy answer.
func setRetryAfter(w http.ResponseWriter, err error) {
	if d := centavo.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	}
}

// capitalize upper-cases a service message's first letter for a page.
func capitalize(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}
