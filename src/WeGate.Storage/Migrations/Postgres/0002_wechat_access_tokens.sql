-- WeChat access tokens, shared by every node so they do not supersede each other's tokens
-- (wechat-api.md §8.2: each fetch retires the previous token after 5 minutes; 2,000 fetches a day).
-- The token is encrypted with the master key; version changes on every write.
CREATE TABLE wechat_access_tokens (
    app_id      TEXT PRIMARY KEY,
    token       BYTEA NOT NULL,
    expires_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
