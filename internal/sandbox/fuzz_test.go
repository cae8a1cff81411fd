package sandbox

import (
	"strings"
	"testing"
)

// FuzzParseRequest: the request parser never panics and never accepts a
// request without an <OFX> element and a version.
func FuzzParseRequest(f *testing.F) {
	f.Add([]byte(fmtReq(sgmlRequest, "secret-1", "1", "2")))
	f.Add([]byte(`<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="220"?><OFX><SIGNONMSGSRQV1><SONRQ><USERID>a</USERID></SONRQ></SIGNONMSGSRQV1></OFX>`))
	f.Add([]byte("OFXHEADER:100\nVERSION:102\n\n<OFX><A><B>x</A></B></OFX>"))
	f.Add([]byte("OFXHEADER:100\nVERSION:102\n\n<OFX><" + strings.Repeat("A>", 1000)))
	f.Add([]byte(`<?OFX VERSION='211'?><OFX><X/><Y>&amp;&lt;</Y></OFX>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := parseRequest(body)
		if err != nil {
			return
		}
		if req.ofx == nil || req.ofx.name != "OFX" || req.version == "" {
			t.Fatalf("accepted %q as %+v", body, req)
		}
		_ = req.ofx.text("SIGNONMSGSRQV1/SONRQ/USERID")
	})
}

// FuzzParseDate: OFX dates either parse to UTC or fail.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"20261127", "20261127083000.000[-5:EST]", "20261127083000[+5.30:IST]", "[", "99999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err == nil && d.Location().String() != "UTC" {
			t.Fatalf("parseDate(%q) not UTC: %v", s, d)
		}
	})
}
