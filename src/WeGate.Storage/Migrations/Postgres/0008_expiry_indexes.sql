-- Housekeeping deletes rows some time after they expire (ExpiredRows); these indexes let it find them
-- without reading whole tables. login_tickets and auth_sessions have theirs already.
CREATE INDEX authorization_requests_expires ON authorization_requests (expires_at);
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX one_time_codes_expires ON one_time_codes (expires_at);
