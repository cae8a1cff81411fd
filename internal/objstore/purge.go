package objstore

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/gcerrors"
)

// What the store holds of one user or account lies under a prefix per day
// (the keys begin with the day, see RawKey, LogKey and EventKey), so
// removing it lists one short prefix per day of the user's or account's
// life instead of the whole bucket.

// AccountDayPrefixes are the prefixes of an account's logs and raw
// responses written on day, logs first.
func AccountDayPrefixes(day time.Time, userID, accountID int64) []string {
	d := day.UTC().Format("2006/01/02")
	return []string{fmt.Sprintf("log/%s/%d/%d/", d, userID, accountID), fmt.Sprintf("raw/%s/%d/%d/", d, userID, accountID)}
}

// UserDayPrefixes are the prefixes of everything written of a user on
// day: logs first, then raw responses, then events.
func UserDayPrefixes(day time.Time, userID int64) []string {
	d := day.UTC().Format("2006/01/02")
	return []string{fmt.Sprintf("log/%s/%d/", d, userID), fmt.Sprintf("raw/%s/%d/", d, userID), EventDayPrefix(day, userID)}
}

// EventDayPrefix is the prefix of a user's events written on day.
func EventDayPrefix(day time.Time, userID int64) string {
	return fmt.Sprintf("events/%s/%d/", day.UTC().Format("2006/01/02"), userID)
}

// OwnerOf reads the user and account of a log or raw key
// (<kind>/YYYY/MM/DD/<user>/<account>/<job>.<ext>); ok is false for any
// other key.
func OwnerOf(key string) (userID, accountID int64, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 7 || (parts[0] != "log" && parts[0] != "raw") {
		return 0, 0, false
	}
	u, err1 := strconv.ParseInt(parts[4], 10, 64)
	a, err2 := strconv.ParseInt(parts[5], 10, 64)
	return u, a, err1 == nil && err2 == nil
}

// Days lists the days (UTC midnights) from the day before from to the day
// after to: objects are keyed by the writer's clock, which may be a little
// apart from the clock that recorded from and to.
func Days(from, to time.Time) []time.Time {
	first := from.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	last := to.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	var out []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

// IsNotFound says whether err is the store's "no such object".
func IsNotFound(err error) bool { return gcerrors.Code(err) == gcerrors.NotFound }
