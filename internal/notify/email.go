package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
)

// Email renders a notification as an e-mail: subject, plain text, HTML.
// With publicURL (--public-url: where users reach Centavo) it links to the
// page the notification is about and to the notification settings;
// without, it carries no links (the server does not know its own address).
func Email(n centavo.Notification, publicURL string) (subject, text, html string) {
	page := "/"
	switch n.Kind {
	case centavo.NotifyBudgetApproaching:
		subject, page = "Centavo: approaching your budget", "/budgets"
	case centavo.NotifyBudgetExceeded:
		subject, page = "Centavo: over budget", "/budgets"
	case centavo.NotifyBudgetProjected:
		subject, page = "Centavo: heading over budget", "/budgets"
	case centavo.NotifyAccountUpdated:
		subject, page = "Centavo: new transactions", "/transactions"
	case centavo.NotifyNeedsAttention:
		subject, page = "Centavo: an account needs your attention", "/accounts"
	case centavo.NotifyAccountStale:
		subject, page = "Centavo: an account has not updated for 3 days", "/accounts"
	case centavo.NotifyRecurringDetected:
		subject, page = "Centavo: a new recurring charge", "/recurring"
	case centavo.NotifyPriceIncrease:
		subject, page = "Centavo: a price went up", "/recurring"
	case centavo.NotifyBillUpcoming:
		subject, page = "Centavo: a bill is coming up", "/recurring"
	case centavo.NotifyRecurringMissed:
		subject, page = "Centavo: an expected payment did not come", "/recurring"
	default:
		subject = "Centavo"
	}
	var link, settings string
	if publicURL != "" {
		link, settings = publicURL+page, publicURL+"/settings"
	}
	var t strings.Builder
	t.WriteString(n.Message + "\r\n")
	if link != "" {
		t.WriteString("\r\nOpen Centavo: " + link + "\r\n")
	}
	t.WriteString("\r\n-- \r\nCentavo. Change what you receive in your notification settings")
	if settings != "" {
		t.WriteString(": " + settings)
	}
	t.WriteString(".\r\n")
	var b bytes.Buffer
	_ = emailHTML.Execute(&b, struct{ Subject, Message, Link, Settings string }{subject, n.Message, link, settings})
	return subject, t.String(), b.String()
}

var emailHTML = template.Must(template.New("email").Parse(`<!doctype html>
<html><body style="font-family: system-ui, sans-serif; color: #1d2a33; max-width: 36rem">
<h1 style="font-size: 1.2rem">{{.Subject}}</h1>
<p style="font-size: 1rem">{{.Message}}</p>
{{- with .Link}}
<p style="font-size: 1rem"><a href="{{.}}">Open Centavo</a></p>
{{- end}}
<p style="color: #5b6b76; font-size: .85rem">Centavo. Change what you receive in your {{with .Settings}}<a href="{{.}}">notification settings</a>{{else}}notification settings{{end}}.</p>
</body></html>
`))

// SMTP sends mail through an SMTP server (STARTTLS when offered).
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string // optional: PLAIN auth (only over TLS or to localhost)
	Password string
	Timeout  time.Duration
	Now      func() time.Time // the Date header; the machine's clock when nil
}

func (m *SMTP) now() time.Time {
	if m.Now == nil {
		return clock.Real()
	}
	return m.Now()
}

// Send delivers one multipart/alternative message.
func (m *SMTP) Send(ctx context.Context, to, subject, text, html string) error {
	msg, err := buildMessage(m.From, to, subject, text, html, m.now())
	if err != nil {
		return err
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	_ = conn.SetDeadline(clock.Real().Add(timeout)) // the socket's clock is the machine's
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(nil); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if m.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(addrOnly(m.From)); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.Quit()
}

func addrOnly(from string) string {
	if i := strings.LastIndexByte(from, '<'); i >= 0 {
		return strings.TrimSuffix(from[i+1:], ">")
	}
	return from
}

// buildMessage writes a MIME message with a plain-text and an HTML part.
func buildMessage(from, to, subject, text, html string, at time.Time) ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ ctype, content string }{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.ctype}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(part.content)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := "centavo.local"
	if i := strings.LastIndexByte(addrOnly(from), '@'); i >= 0 {
		domain = addrOnly(from)[i+1:]
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/alternative; boundary=%s\r\n\r\n",
		from, to, mime.QEncoding.Encode("utf-8", subject), at.Format(time.RFC1123Z), hex.EncodeToString(id), domain, mw.Boundary())
	msg.Write(body.Bytes())
	return msg.Bytes(), nil
}
