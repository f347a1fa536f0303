-- The absolute lifetime of a grant's refresh tokens, per application (docs/oidc.md#tokens); NULL takes
-- WeGate:Oidc:RefreshTokenAbsoluteSeconds.
ALTER TABLE applications ADD COLUMN refresh_token_absolute_seconds BIGINT NULL;
