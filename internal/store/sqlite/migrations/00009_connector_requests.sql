-- +goose Up
-- Requests counted against the institutions' limits (docs/0012-daily-refresh.md,
-- "Quotas"): one row per limited thing (a host, a hash of a SimpleFIN access)
-- and window (a minute, a UTC day). Times in microseconds since the epoch.
CREATE TABLE connector_requests (
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- +goose Down
DROP TABLE connector_requests;
