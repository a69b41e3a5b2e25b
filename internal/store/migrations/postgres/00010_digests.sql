-- The morning digest (internal/app/digest.go): each user's setting, and the
-- claim of every (user, day) whose digest a server set out to send. Keep in
-- step with ../sqlite/00010_digests.sql.

-- +goose Up
-- A user without a row gets the digest, in Russian (the web UI's default).
CREATE TABLE user_notifications (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    digest     boolean NOT NULL,
    -- The language of the user's mails (kk, ru, en).
    lang       text NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    updated_at timestamptz NOT NULL
);

-- One row per user and day: the primary key is the claim, so that however
-- many servers run, one of them sends the day's digest. sent_at is set once
-- the SMTP server accepted the message; a claim without it is a send that
-- failed, or one that died between the acceptance and this update.
CREATE TABLE digest_claims (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        date NOT NULL,
    claimed_at timestamptz NOT NULL,
    sent_at    timestamptz,
    PRIMARY KEY (user_id, day)
);

-- +goose Down
DROP TABLE digest_claims;
DROP TABLE user_notifications;
