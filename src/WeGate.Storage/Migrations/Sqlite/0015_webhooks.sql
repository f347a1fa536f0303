-- Webhooks (docs/operations.md#webhooks): a pool's endpoints, the outbox of messages to send them
-- (written in the transaction of the audit event they report) and the log of delivery attempts.
-- event_types is a space-separated list; secret is encrypted with the master key, and so is the
-- previous secret, which also signs until previous_secret_until after a rotation.
CREATE TABLE webhook_endpoints (
    id             TEXT PRIMARY KEY,
    pool           TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    url            TEXT NOT NULL,
    description    TEXT NOT NULL,
    event_types    TEXT NOT NULL,
    enabled        INTEGER NOT NULL,
    secret         BLOB NOT NULL,
    previous_secret        BLOB,
    previous_secret_until  INTEGER,
    failing_since  INTEGER,
    last_error     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_pool ON webhook_endpoints(pool);

-- One row per event per endpoint; id is the webhook-id. event_id (the audit event's sortable id) and seq
-- order a user's messages; lease_until is how long the node that claimed the message may send it.
CREATE TABLE webhook_messages (
    id               TEXT PRIMARY KEY,
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    type             TEXT NOT NULL,
    user_id          TEXT,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    created_at       INTEGER NOT NULL,
    ended_at         INTEGER
);
CREATE INDEX webhook_messages_due ON webhook_messages(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_messages_endpoint ON webhook_messages(endpoint_id, event_id);
CREATE INDEX webhook_messages_user ON webhook_messages(endpoint_id, user_id, event_id) WHERE state = 'pending';
CREATE INDEX webhook_messages_ended ON webhook_messages(ended_at);

CREATE TABLE webhook_attempts (
    message_id    TEXT NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL,
    attempted_at  INTEGER NOT NULL,
    status_code   INTEGER,
    duration_ms   INTEGER NOT NULL,
    error         TEXT,
    response      TEXT,
    PRIMARY KEY (message_id, attempt)
);
