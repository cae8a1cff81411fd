package httpapi

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/centavo/centavo"
)

// Codes only the HTTP layer produces.
const (
	eMethodNotAllowed     = "method_not_allowed"
	eUnsupportedMediaType = "unsupported_media_type"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	centavo.EBADREQUEST:   http.StatusBadRequest,
	centavo.EINVALID:      http.StatusUnprocessableEntity,
	centavo.EUNAUTHORIZED: http.StatusUnauthorized,
	centavo.EFORBIDDEN:    http.StatusForbidden,
	centavo.ETOOMANY:      http.StatusTooManyRequests,
	centavo.ETOTPREQUIRED: http.StatusUnauthorized,
	centavo.ENOTFOUND:     http.StatusNotFound,
	centavo.ECONFLICT:     http.StatusConflict,
	centavo.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	centavo.EUNAVAILABLE:  http.StatusServiceUnavailable,
	centavo.EINTERNAL:     http.StatusInternalServerError,
	eMethodNotAllowed:     http.StatusMethodNotAllowed,
	eUnsupportedMediaType: http.StatusUnsupportedMediaType,
}

// retryLater is the cause of an error that says when to try again (a busy
// import slot): the answer carries it in Retry-After, in seconds.
type retryLater interface{ RetryAfter() time.Duration }

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers with the error's code and client-safe message. Internal
// errors are logged with the request id and shown only as "internal error".
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := centavo.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status, code = http.StatusInternalServerError, centavo.EINTERNAL
	}
	msg := centavo.ErrorMessage(err)
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "err", err, "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path)
		if code == centavo.EINTERNAL {
			msg = "internal error (request " + requestID(r.Context()) + ")"
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="centavo"`)
	}
	var later retryLater
	if d := centavo.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	} else if errors.As(err, &later) {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(later.RetryAfter().Seconds()))))
	}
	encode(w, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

func errorf(code, format string, args ...any) error { return centavo.Errorf(code, format, args...) }
