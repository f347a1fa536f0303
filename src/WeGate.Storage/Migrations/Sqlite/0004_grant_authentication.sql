-- When and how the person authenticated, kept with the grant so that ID tokens issued on refresh carry
-- the same auth_time and amr as the first (OIDC Core §12.2; clients with require_auth_time need them).
ALTER TABLE grants ADD COLUMN auth_time INTEGER;
ALTER TABLE grants ADD COLUMN amr TEXT;
