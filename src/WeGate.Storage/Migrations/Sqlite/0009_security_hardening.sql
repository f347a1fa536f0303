-- A token-exchange login handed to the browser (auth_session) decides its account step on the hosted
-- pages, but the step only takes effect when the application that started the exchange redeems the
-- code with its PKCE verifier (docs/security.md). Until then the code carries the step, and when the
-- step creates the account there is no user yet: user_id becomes optional. SQLite cannot drop NOT NULL,
-- so the table is rebuilt with its rows.
CREATE TABLE authorization_codes_new (
    code_hash              TEXT PRIMARY KEY,
    pool                   TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id              TEXT NOT NULL,
    user_id                TEXT REFERENCES users(id) ON DELETE CASCADE,
    session_id             TEXT,
    redirect_uri           TEXT NOT NULL,
    scope                  TEXT NOT NULL,
    nonce                  TEXT,
    code_challenge         TEXT,
    code_challenge_method  TEXT,
    auth_time              INTEGER NOT NULL,
    amr                    TEXT NOT NULL,
    created_at             INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL,
    redeemed_at            INTEGER,
    grant_id               TEXT,
    account_step           TEXT
);
INSERT INTO authorization_codes_new (code_hash, pool, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge,
    code_challenge_method, auth_time, amr, created_at, expires_at, redeemed_at, grant_id)
SELECT code_hash, pool, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge,
    code_challenge_method, auth_time, amr, created_at, expires_at, redeemed_at, grant_id FROM authorization_codes;
DROP TABLE authorization_codes;
ALTER TABLE authorization_codes_new RENAME TO authorization_codes;
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);

-- Disabling or deleting an application revokes its grants and their refresh tokens (ApplicationStore).
CREATE INDEX grants_client ON grants (pool, client_id);

-- What an application may ask for with client_credentials: API scopes and RFC 8707 resources (JSON
-- arrays of strings); nothing unless listed.
ALTER TABLE applications ADD COLUMN api_scopes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE applications ADD COLUMN resources TEXT NOT NULL DEFAULT '[]';

-- Failed password sign-ins per login name, known or not, so that the answers never tell which accounts
-- exist; each failure past the free ones doubles the wait (LocalAccounts). The key is a hash of the
-- pool and the login. passwords.failed_attempts and locked_until are no longer used.
CREATE TABLE login_throttles (
    login_key   TEXT PRIMARY KEY,
    failures    INTEGER NOT NULL,
    retry_at    INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX login_throttles_expires ON login_throttles (expires_at);

-- An admin key may be limited to some pools (a JSON array of names); NULL is every pool.
ALTER TABLE admin_keys ADD COLUMN pools TEXT;
