-- The console's administrators (docs/console.md#administrators): users of the console's own pool, each
-- with a role. Deleting the user ends the administrator.
CREATE TABLE console_administrators (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
