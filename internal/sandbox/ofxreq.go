package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
)

// ofxgo parses responses but not requests, so the sandbox reads requests with
// this small tolerant parser. It accepts what real clients send:
//   - OFX 1.x: an SGML header of KEY:VALUE lines, then SGML in which leaf
//     elements have no closing tag (<USERID>demo-1) — Quicken, GnuCash;
//   - OFX 2.x: an XML declaration and <?OFX ...?> processing instruction,
//     then well-formed XML — ofxgo and most modern clients.

// node is an element of the request: an aggregate with children, or a leaf
// with a value.
type node struct {
	name     string
	value    string
	children []*node
}

// find returns the first descendant at the slash-separated path.
func (n *node) find(path string) *node {
	cur := n
	for _, part := range strings.Split(path, "/") {
		var next *node
		for _, c := range cur.children {
			if c.name == part {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// text returns the value at path, or "".
func (n *node) text(path string) string {
	if f := n.find(path); f != nil {
		return f.value
	}
	return ""
}

// all returns the children named name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// request is a parsed OFX request.
type request struct {
	version string // "102", "220"…
	xml     bool
	ofx     *node // the <OFX> element
}

const (
	maxRequest   = 1 << 20
	maxElements  = 10_000
	maxNameBytes = 64
)

var errNotOFX = errors.New("not an OFX request")

// parseRequest parses an OFX 1.x (SGML) or 2.x (XML) request.
func parseRequest(body []byte) (*request, error) {
	if len(body) > maxRequest {
		return nil, fmt.Errorf("request larger than %d bytes", maxRequest)
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	req := &request{}
	var rest []byte
	switch {
	case bytes.HasPrefix(trimmed, []byte("<?xml")) || bytes.HasPrefix(trimmed, []byte("<?OFX")):
		req.xml = true
		pi := bytes.Index(trimmed, []byte("<?OFX"))
		if pi < 0 {
			return nil, fmt.Errorf("%w: XML without the <?OFX ...?> header", errNotOFX)
		}
		end := bytes.Index(trimmed[pi:], []byte("?>"))
		if end < 0 {
			return nil, fmt.Errorf("%w: unterminated <?OFX header", errNotOFX)
		}
		req.version = attr(string(trimmed[pi:pi+end]), "VERSION")
		rest = trimmed[pi+end+2:]
	case bytes.HasPrefix(trimmed, []byte("OFXHEADER")):
		start := bytes.IndexByte(trimmed, '<')
		if start < 0 {
			return nil, fmt.Errorf("%w: header without body", errNotOFX)
		}
		for _, line := range strings.FieldsFunc(string(trimmed[:start]), func(r rune) bool { return r == '\n' || r == '\r' }) {
			k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
			if ok && strings.TrimSpace(k) == "VERSION" {
				req.version = strings.TrimSpace(v)
			}
		}
		rest = trimmed[start:]
	default:
		return nil, fmt.Errorf("%w: it starts with neither an OFX SGML header nor an XML declaration", errNotOFX)
	}
	if req.version == "" {
		return nil, fmt.Errorf("%w: no VERSION in the header", errNotOFX)
	}
	root, err := parseElements(rest)
	if err != nil {
		return nil, err
	}
	req.ofx = root.find("OFX")
	if req.ofx == nil {
		return nil, fmt.Errorf("%w: no <OFX> element", errNotOFX)
	}
	return req, nil
}

// attr reads NAME="value" from a processing instruction.
func attr(pi, name string) string {
	i := strings.Index(pi, name+"=")
	if i < 0 {
		return ""
	}
	v := pi[i+len(name)+1:]
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		if j := strings.IndexByte(v[1:], q); j >= 0 {
			return v[1 : 1+j]
		}
		return ""
	}
	if j := strings.IndexAny(v, " ?"); j >= 0 {
		return v[:j]
	}
	return v
}

// parseElements builds the element tree. A start tag followed by text is a
// leaf: it closes itself (SGML) and its closing tag, if present (XML), is
// skipped. A closing tag closes the nearest open element of that name.
func parseElements(b []byte) (*node, error) {
	root := &node{}
	stack := []*node{root}
	count := 0
	for i := 0; i < len(b); {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			text := strings.TrimSpace(string(b[i : i+j]))
			top := stack[len(stack)-1]
			if text != "" && top != root && len(top.children) == 0 && top.value == "" {
				top.value = html.UnescapeString(text)
				stack = stack[:len(stack)-1] // a leaf closes itself
			}
			i += j
			continue
		}
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return nil, errors.New("unterminated tag")
		}
		tag := string(b[i+1 : i+j])
		i += j + 1
		switch {
		case strings.HasPrefix(tag, "?") || strings.HasPrefix(tag, "!"):
			continue // processing instruction, comment or declaration
		case strings.HasPrefix(tag, "/"):
			name := strings.TrimSpace(tag[1:])
			for k := len(stack) - 1; k > 0; k-- {
				if stack[k].name == name {
					stack = stack[:k]
					break
				}
			}
			// Not open: the closing tag of a leaf that already closed itself.
		default:
			name := strings.TrimSuffix(strings.TrimSpace(tag), "/")
			if name == "" || len(name) > maxNameBytes || strings.ContainsAny(name, " \t\r\n<") {
				return nil, fmt.Errorf("bad tag <%s>", clip(tag, 20))
			}
			count++
			if count > maxElements {
				return nil, fmt.Errorf("more than %d elements", maxElements)
			}
			n := &node{name: name}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			if !strings.HasSuffix(tag, "/") {
				stack = append(stack, n)
			}
		}
	}
	return root, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
