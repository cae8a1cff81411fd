package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/centavo/centavo/internal/clock"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"time"
)

// Result is one system's import, as both halves write it.
type Result struct {
	System        string  `json:"system"`
	Version       string  `json:"version"`
	Method        string  `json:"method"`
	Rows          int     `json:"rows"`            // rows of the statement
	Stored        int     `json:"stored"`          // rows found stored when the clock stopped
	Seconds       float64 `json:"seconds"`         // from the first request to every row stored
	RowsPerSecond float64 `json:"rows_per_second"` // stored / seconds
	Complete      bool    `json:"complete"`        // false: cut by the time limit
	Notes         string  `json:"notes,omitempty"`
}

type centavoOptions struct {
	base, csv, version string
	rows               int
	limit              time.Duration
}

// client speaks Centavo's JSON API with a bearer token.
type client struct {
	base, token string
	http        *http.Client
}

// importIntoCentavo signs up, makes a file account and posts the statement
// to POST /api/v1/accounts/{id}/imports, sending it again while the server
// answers 503 (an import stopped to answer in time, docs/0024: the second
// sending adds the rest), then reads the account's transaction count. The
// clock runs from the first import request to that count.
func importIntoCentavo(o centavoOptions) (Result, error) {
	data, err := os.ReadFile(o.csv)
	if err != nil {
		return Result{}, err
	}
	c := &client{base: o.base, http: &http.Client{Timeout: 2 * time.Minute}}
	email := fmt.Sprintf("peer-%d@bench.invalid", clock.Real().UnixNano())
	creds := map[string]string{"email": email, "password": "peer-bench-password-1"}
	if err := c.do("POST", "/api/v1/users", creds, nil); err != nil {
		return Result{}, fmt.Errorf("sign up: %w", err)
	}
	var session struct{ Token string }
	if err := c.do("POST", "/api/v1/sessions", creds, &session); err != nil {
		return Result{}, fmt.Errorf("sign in: %w", err)
	}
	c.token = session.Token
	var created struct{ Accounts []struct{ ID int64 } }
	if err := c.do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Peer checking", "currency": "USD"}, &created); err != nil {
		return Result{}, fmt.Errorf("account: %w", err)
	}
	if len(created.Accounts) != 1 {
		return Result{}, fmt.Errorf("account: %d accounts made, want 1", len(created.Accounts))
	}
	account := created.Accounts[0]

	res := Result{System: "centavo", Version: o.version, Rows: o.rows,
		Method: "POST /api/v1/accounts/{id}/imports (multipart file, format csv) into a new file account; again on 503; then GET /api/v1/transactions?account_id=…&limit=1 for the count"}
	start := clock.Real()
	sends, added := 0, 0
	for {
		sends++
		status, body, retry, err := c.postImport(account.ID, data)
		if err != nil {
			return res, err
		}
		if status == http.StatusServiceUnavailable && time.Since(start) < o.limit {
			time.Sleep(retry)
			continue
		}
		if status != http.StatusOK && status != http.StatusCreated {
			return res, fmt.Errorf("import: %d %s", status, bytes.TrimSpace(body))
		}
		var answer struct{ Added int }
		if err := json.Unmarshal(body, &answer); err != nil {
			return res, fmt.Errorf("import answer: %w", err)
		}
		added += answer.Added
		break
	}
	var page struct{ Count int }
	if err := c.do("GET", fmt.Sprintf("/api/v1/transactions?account_id=%d&limit=1", account.ID), nil, &page); err != nil {
		return res, fmt.Errorf("count: %w", err)
	}
	elapsed := time.Since(start)
	res.Stored, res.Seconds = page.Count, elapsed.Seconds()
	res.RowsPerSecond = float64(page.Count) / elapsed.Seconds()
	res.Complete = page.Count == o.rows
	res.Notes = fmt.Sprintf("file sent %d time(s); the last answer added %d", sends, added)
	return res, nil
}

func (c *client) postImport(account int64, data []byte) (status int, body []byte, retry time.Duration, err error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("format", "csv")
	fw, err := mw.CreateFormFile("file", "statement.csv")
	if err != nil {
		return 0, nil, 0, err
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		return 0, nil, 0, err
	}
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/accounts/%d/imports", c.base, account), &buf)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	retry = time.Second
	if s, convErr := strconv.Atoi(resp.Header.Get("Retry-After")); convErr == nil {
		retry = time.Duration(s) * time.Second
	}
	return resp.StatusCode, body, retry, err
}

// do sends a JSON request and decodes a 2xx answer into out (if not nil).
func (c *client) do(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(b))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}
