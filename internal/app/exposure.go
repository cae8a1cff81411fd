package app

import (
	"net/http"
	"net/netip"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// localOnly serves next to loopback clients only: a request from another
// address, or one that came through a proxy (it names a client the proxy
// forwards for; a proxy on this host would otherwise make everyone local),
// answers 403. Metrics tell request rates, routes and the runtime's state:
// not for everyone.
func localOnly(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded := r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != ""
		if a := clientAddr(r, trusted); !a.IsLoopback() || forwarded {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":{"code":"forbidden","message":"/metrics is served to loopback clients only; ` +
				`give it its own listener with --metrics-addr"}}` + "\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// MetricsHandler serves /metrics alone, for its own listener
// (--metrics-addr): Handler then does not serve it at all.
func (a *App) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.Metrics.Registry, promhttp.HandlerOpts{}))
	return mux
}
