-- WeGate schema, SQLite dialect. Timestamps are Unix epoch milliseconds (UTC) in both dialects so one
-- set of queries serves both; booleans are 0/1.
CREATE TABLE pools (
    name          TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE users (
    id                     TEXT PRIMARY KEY,
    pool                   TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    name                   TEXT,
    nickname               TEXT,
    picture                TEXT,
    gender                 TEXT,
    phone_number           TEXT,
    phone_number_verified  INTEGER NOT NULL DEFAULT 0,
    email                  TEXT,
    email_verified         INTEGER NOT NULL DEFAULT 0,
    locale                 TEXT,
    address                TEXT,
    blocked                INTEGER NOT NULL DEFAULT 0,
    login_count            INTEGER NOT NULL DEFAULT 0,
    last_login_at          INTEGER,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX users_pool_id ON users(pool, id);
CREATE INDEX users_pool_phone ON users(pool, phone_number);
CREATE INDEX users_pool_email ON users(pool, email);

-- One way a user is known. The unique index is what makes a race unable to create two owners.
CREATE TABLE identities (
    id               TEXT PRIMARY KEY,
    pool             TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    identifier       TEXT NOT NULL,
    connection_slug  TEXT,
    verified         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    last_used_at     INTEGER
);
CREATE UNIQUE INDEX identities_pool_kind_identifier ON identities(pool, kind, identifier);
CREATE INDEX identities_user ON identities(user_id);

CREATE TABLE connections (
    pool            TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    slug            TEXT NOT NULL,
    type            TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    app_id          TEXT NOT NULL,
    settings        TEXT NOT NULL,
    secrets         BLOB NOT NULL,
    secrets_set     TEXT NOT NULL,
    login_only      INTEGER NOT NULL DEFAULT 0,
    binding_policy  TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (pool, slug)
);

CREATE TABLE applications (
    pool                       TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id                  TEXT NOT NULL,
    display_name               TEXT NOT NULL,
    type                       TEXT NOT NULL,
    secret_hash                TEXT,
    redirect_uris              TEXT NOT NULL,
    post_logout_redirect_uris  TEXT NOT NULL,
    grants                     TEXT NOT NULL,
    connections                TEXT NOT NULL,
    access_token_seconds       INTEGER NOT NULL,
    id_token_seconds           INTEGER NOT NULL,
    refresh_token_seconds      INTEGER NOT NULL,
    signing_algorithm          TEXT NOT NULL,
    enabled                    INTEGER NOT NULL DEFAULT 1,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    PRIMARY KEY (pool, client_id)
);

-- Flows 1, 3 and 7: pending → scanned → confirmed → consumed, or expired / cancelled (DESIGN.md §2).
CREATE TABLE login_tickets (
    id               TEXT PRIMARY KEY,
    pool             TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    connection_slug  TEXT NOT NULL,
    state            TEXT NOT NULL,
    secret_hash      TEXT,
    browser_binding  TEXT,
    wechat_ticket    TEXT,
    user_id          TEXT,
    result           TEXT,
    version          INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX login_tickets_wechat_ticket ON login_tickets(wechat_ticket) WHERE wechat_ticket IS NOT NULL;
CREATE INDEX login_tickets_expires ON login_tickets(expires_at);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    pool          TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    auth_time     INTEGER NOT NULL,
    amr           TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    revoked_at    INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE authorization_requests (
    id          TEXT PRIMARY KEY,
    pool        TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- Codes and refresh tokens are stored by hash only.
CREATE TABLE authorization_codes (
    code_hash              TEXT PRIMARY KEY,
    pool                   TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    client_id              TEXT NOT NULL,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
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
    redeemed_at            INTEGER
);

CREATE TABLE refresh_tokens (
    token_hash   TEXT PRIMARY KEY,
    pool         TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    family_id    TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id   TEXT,
    scope        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    rotated_at   INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);

CREATE TABLE signing_keys (
    kid           TEXT PRIMARY KEY,
    pool          TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    algorithm     TEXT NOT NULL,
    private_key   BLOB NOT NULL,
    public_jwk    TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    activated_at  INTEGER,
    retired_at    INTEGER,
    remove_after  INTEGER
);
CREATE INDEX signing_keys_pool ON signing_keys(pool, algorithm);

CREATE TABLE audit_events (
    id               TEXT PRIMARY KEY,
    pool             TEXT NOT NULL,
    type             TEXT NOT NULL,
    user_id          TEXT,
    connection_slug  TEXT,
    client_id        TEXT,
    actor            TEXT,
    ip               TEXT,
    user_agent       TEXT,
    outcome          TEXT NOT NULL,
    reason           TEXT,
    occurred_at      INTEGER NOT NULL
);
CREATE INDEX audit_events_pool_time ON audit_events(pool, occurred_at);
CREATE INDEX audit_events_user ON audit_events(user_id);

CREATE TABLE admin_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

-- ASP.NET Core data-protection key ring, shared by every node.
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
