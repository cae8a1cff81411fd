package web

// What the tests of package web_test need of the package's insides: they
// are outside it so that they can serve the UI through the process's root
// router (internal/app), which imports this package.
const (
	SessionCookie    = sessionCookie
	PreSessionCookie = preSessionCookie
	CSRFField        = csrfField
)

// CSRFToken is the CSRF token of the session with that secret.
func CSRFToken(secret string) string { return csrfToken(secret) }

// LocalPath is the check of a redirect target (next, return).
func LocalPath(p string) string { return localPath(p) }
