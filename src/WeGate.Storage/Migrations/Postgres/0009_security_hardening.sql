-- A token-exchange login handed to the browser (auth_session) decides its account step on the hosted
-- pages, but the step only takes effect when the application that started the exchange redeems the
-- code with its PKCE verifier (docs/security.md). Until then the code carries the step, and when the
-- step creates the account there is no user yet: user_id becomes optional.
ALTER TABLE authorization_codes ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE authorization_codes ADD COLUMN account_step TEXT;

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
    retry_at    BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX login_throttles_expires ON login_throttles (expires_at);

-- An admin key may be limited to some pools (a JSON array of names); NULL is every pool.
ALTER TABLE admin_keys ADD COLUMN pools TEXT;
