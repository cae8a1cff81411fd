package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/benchtest"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// BenchmarkImportDryRunAPI previews the file — 200,000 CSV rows,
// 9.4 MiB — through POST /api/v1/accounts/{id}/imports?dry_run=true, the
// request that took a server from 200 to 514 MB. It reports the answer's
// size and the process's peak RSS growth (the server runs in this
// process; the answer is read by a plain client). Run it alone:
//
//	go test ./internal/httpapi -run '^$' -bench BenchmarkImportDryRunAPI -benchtime 1x -count 3
func BenchmarkImportDryRunAPI(b *testing.B) {
	f := setup(b)
	c := apitest.New(b, f.base, httpapi.OpenAPI()).SignUp("bench@example.com")
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Exports", "currency": "USD"}, 201, &out)
	acct := out.Accounts[0].ID
	var sb strings.Builder
	sb.WriteString("Date,Description,Amount\n")
	start := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for i := range 200_000 {
		fmt.Fprintf(&sb, "%s,GROCER #%d SPRINGFIELD %06d,-%d.%02d\n", start.AddDate(0, 0, -1-i%360).Format(time.DateOnly), i%997, i, 1+i%300, i%100)
	}
	file := sb.String()
	var answer int
	var peak int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		before := benchtest.ResetPeakRSS(b)
		b.StartTimer()
		status, body := postDryRun(b, f.base, c.Token(), acct, file)
		b.StopTimer()
		peak = max(peak, benchtest.PeakRSS(b)-before)
		var res struct {
			Added int `json:"added"`
		}
		if status != 200 || json.Unmarshal(body, &res) != nil || res.Added != 200_000 {
			b.Fatalf("dry run: %d %.300s", status, body)
		}
		answer = len(body)
		b.StartTimer()
	}
	b.ReportMetric(float64(answer)/1024, "answer-KiB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-growth-MiB")
}

// postDryRun posts the file as a dry run with a plain client: the test
// client would check the answer against the OpenAPI document, in this
// process, and count in the measure.
func postDryRun(b *testing.B, base, token string, accountID int64, content string) (int, []byte) {
	b.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("dry_run", "true")
	fw, err := mw.CreateFormFile("file", "big.csv")
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	_ = mw.Close()
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/accounts/%d/imports", base, accountID), &buf)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.Fatal(err)
	}
	return res.StatusCode, body
}
