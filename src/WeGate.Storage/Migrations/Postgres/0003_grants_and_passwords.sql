-- A grant is what one authorization (a redeemed code, a client-credentials or token-exchange request)
-- gave a client: every access and refresh token it issued carries its id, so revoking the grant
-- revokes them all (RFC 9700 §4.14: a replayed code or a reused refresh token revokes the grant).
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    pool        TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    user_id     TEXT,
    session_id  TEXT,
    scope       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX grants_user ON grants(user_id);
CREATE INDEX grants_session ON grants(session_id);

ALTER TABLE authorization_codes ADD COLUMN grant_id TEXT;

-- Local-account passwords (one per user), hashed; failed attempts drive the lockout.
CREATE TABLE passwords (
    user_id          TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    hash             TEXT NOT NULL,
    failed_attempts  BIGINT NOT NULL DEFAULT 0,
    locked_until     BIGINT,
    updated_at       BIGINT NOT NULL
);
