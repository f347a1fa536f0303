-- The absolute lifetime of a grant's refresh tokens, per application (docs/oidc.md#tokens); NULL takes
-- WeGate:Oidc:RefreshTokenAbsoluteSeconds.
ALTER TABLE applications ADD COLUMN refresh_token_absolute_seconds INTEGER NULL;

-- The (timestamp, nonce) of each official-account push accepted in the last few minutes, with a hash of
-- its body, so a captured signature cannot carry another body (docs/logins.md); shared by every node.
CREATE TABLE callback_nonces (
    id          TEXT PRIMARY KEY,
    body_hash   TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX callback_nonces_expires ON callback_nonces (expires_at);
