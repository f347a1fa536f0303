-- Wrong one-time codes entered per recipient (a phone number or an address, in every pool, across
-- codes), whether or not an account uses it; at WeGate:OneTimeCodes:FailuresPerRecipientPerDay every
-- code for the recipient is refused until expires_at, a day after the first failure of the window
-- (docs/security.md#one-time-codes). The key is a hash of the channel and the recipient.
CREATE TABLE one_time_code_failures (
    recipient_key  TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX one_time_code_failures_expires ON one_time_code_failures (expires_at);
