-- A user's personal calendar feed (GET /ical/SECRET.ics): the SHA-256 hash
-- of its secret, never the secret itself, so that a copy of the database
-- reads nobody's deadlines. A user has at most one feed: a new one replaces
-- the row (the old address stops working), revoking deletes it. Keep in
-- step with ../postgres/00006_calendar_feeds.sql.

-- +goose Up
CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    user_id     INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64), -- SHA-256, hex
    -- The language the feed was made in (kk, ru, en): its events' words
    -- unless the request asks for another (?lang=).
    lang        TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
