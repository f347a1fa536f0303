-- An application's branding of the hosted pages (docs/logins.md#branding): a logo (an https URL or a
-- small data: image) and a colour #RRGGBB. NULL keeps WeGate's own.
ALTER TABLE applications ADD COLUMN logo_uri TEXT;
ALTER TABLE applications ADD COLUMN primary_color TEXT;
