package web

import (
	"encoding/json"
	"net/http"
	"strings"
)

// apiRoutes answers the requests for the JSON API's paths that reach the UI.
//
// The UI is mounted at "/" in the API's router, and Go's ServeMux prefers a
// pattern that matches the method over none at all: "PUT /api/v1/accounts"
// (the API has only GET and POST there) or "GET /api/v1/nothing" match the
// UI's "/" rather than producing the router's 405 or 404. apiRoutes rebuilds
// the API's method table from its OpenAPI document (which the API's tests
// hold equal to its routes) and answers as a router would: 405 with Allow,
// or 404, in plain text, which the API's middleware turns into its JSON
// error bodies. No HTML page ever answers an API path.
type apiRoutes struct {
	probe *http.ServeMux
}

// apiPrefixes are the paths the API owns.
var apiPrefixes = []string{"/api/", "/healthz", "/readyz", "/metrics"}

func newAPIRoutes(doc []byte) *apiRoutes {
	a := &apiRoutes{probe: http.NewServeMux()}
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if len(doc) == 0 || json.Unmarshal(doc, &d) != nil {
		return a
	}
	// A route that exists answers 404 here: had its method matched, the
	// API would have served it, not us.
	exists := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	for path, ops := range d.Paths {
		for method := range ops {
			switch m := strings.ToUpper(method); m {
			case "GET", "POST", "PUT", "PATCH", "DELETE":
				a.probe.Handle(m+" "+path, exists)
			}
		}
	}
	return a
}

// owns reports whether the path belongs to the API.
func (a *apiRoutes) owns(path string) bool {
	for _, p := range apiPrefixes {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

func (a *apiRoutes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.probe.ServeHTTP(w, r)
}
