-- One-time codes sent by SMS or email (issue 6): only a salted hash of each code is kept. A code is
-- single use (used_at), bounded in verification attempts and in lifetime. The rate limits count the
-- codes sent to a recipient and those asked for from an IP address over the last hour; rows are
-- purged a day after they were sent.
CREATE TABLE one_time_codes (
    id          TEXT PRIMARY KEY,
    pool        TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    created_at  INTEGER NOT NULL,
    ip          TEXT
);
CREATE INDEX one_time_codes_recipient ON one_time_codes(channel, recipient, created_at);
CREATE INDEX one_time_codes_ip ON one_time_codes(ip, created_at);
CREATE INDEX one_time_codes_created ON one_time_codes(created_at);
