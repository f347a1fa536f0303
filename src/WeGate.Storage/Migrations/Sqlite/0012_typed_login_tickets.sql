-- Login tickets name their kind and what each is bound to (docs/logins.md#login-tickets): a browser
-- ticket (follow, mp-qr) to the parked authorization request of the page that shows its code, an app
-- ticket (app-mp) to the application that asked for it. Both used to share browser_binding. The refusal
-- JSON in result changes shape with this version; a refused ticket lives minutes, so the few in flight
-- are ended.
ALTER TABLE login_tickets ADD COLUMN kind TEXT NOT NULL DEFAULT 'follow';
ALTER TABLE login_tickets ADD COLUMN request_id TEXT;
ALTER TABLE login_tickets ADD COLUMN client_id TEXT;
UPDATE login_tickets SET kind = COALESCE((SELECT c.type FROM connections c WHERE c.pool = login_tickets.pool AND c.slug = login_tickets.connection_slug
    AND c.type IN ('mp-qr', 'app-mp')), 'follow');
UPDATE login_tickets SET request_id = CASE WHEN kind = 'app-mp' THEN NULL ELSE browser_binding END,
    client_id = CASE WHEN kind = 'app-mp' THEN browser_binding ELSE NULL END;
UPDATE login_tickets SET state = 'expired', result = NULL WHERE state = 'refused';
ALTER TABLE login_tickets DROP COLUMN browser_binding;
