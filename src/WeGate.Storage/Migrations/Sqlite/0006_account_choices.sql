-- The account a person chose when their unionid and their openid led to two different accounts
-- (DESIGN.md §3 step 4): remembered so the question is not asked again. Nothing is moved between the
-- accounts, so neither loses a way in.
CREATE TABLE account_choices (
    pool            TEXT NOT NULL REFERENCES pools(name) ON DELETE CASCADE,
    unionid         TEXT NOT NULL,
    openid          TEXT NOT NULL,
    chosen_user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (pool, unionid, openid)
);
