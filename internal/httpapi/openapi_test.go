package httpapi

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/centavo/centavo/internal/metrics"
)

// TestOpenAPI checks that the document is valid OpenAPI 3.1 and lists
// exactly the routes the server has, with security matching authentication.
func TestOpenAPI(t *testing.T) {
	t.Parallel()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	s := &server{Deps: Deps{Metrics: metrics.New()}}
	var fromServer, fromDoc []string
	for _, rt := range s.routes() {
		fromServer = append(fromServer, rt.method+" "+rt.pattern)
		op := doc.Paths.Find(rt.pattern)
		if op == nil {
			continue
		}
		o := op.GetOperation(rt.method)
		if o == nil {
			continue
		}
		secured := o.Security != nil && len(*o.Security) > 0
		if secured != rt.auth {
			t.Errorf("%s %s: document says security=%v, server says auth=%v", rt.method, rt.pattern, secured, rt.auth)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			fromDoc = append(fromDoc, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(fromServer)
	sort.Strings(fromDoc)
	if strings.Join(fromServer, "\n") != strings.Join(fromDoc, "\n") {
		t.Fatalf("routes differ.\nserver:\n%s\n\ndocument:\n%s", strings.Join(fromServer, "\n"), strings.Join(fromDoc, "\n"))
	}
}
