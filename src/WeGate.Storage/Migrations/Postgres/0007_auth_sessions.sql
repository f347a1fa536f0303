-- A token-exchange login (mini program, mobile app, app-launch) that needs the person — account
-- selection or ask to bind — parks the WeChat arrival here and gives the application an auth_session.
-- The application opens the authorization endpoint with it, and the hosted account pages take over
-- (docs/logins.md). Stored by hash only, bound to the client, single use, short-lived.
CREATE TABLE auth_sessions (
    handle_hash TEXT PRIMARY KEY,
    pool        TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);
