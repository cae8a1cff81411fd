package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under names that carry a hash of
// their content (app.3f2a9c1d.css), so they can be cached for a year: a new
// build with a changed file gives it a new name.
type assets struct {
	byName map[string]asset // hashed name → file
	urls   map[string]string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() *assets {
	a := &assets{byName: map[string]asset{}, urls: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic("web: embedded static files: " + err.Error()) // a build without them is broken
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic("web: embedded static files: " + err.Error())
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byName[hashed] = asset{body: b, contentType: ct}
		a.urls[e.Name()] = "/static/" + hashed
	}
	return a
}

// url is the address of a static file by its plain name.
func (a *assets) url(name string) string { return a.urls[name] }

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byName[r.PathValue("name")]
	if !ok {
		// Not text/plain: the API's middleware would turn that into JSON.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<!doctype html><title>Not found</title><p>No such file.</p>\n"))
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.body)
}
