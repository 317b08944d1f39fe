-- 050_web_sessions.sql — what the reviewers' web pages keep: passwords,
-- browser sessions and failed sign-ins.
--
-- Passwords: accounts.password_hash holds the scrypt string of
-- include/tier/web_password.h ("$scrypt$ln=15,r=8,p=1$salt$key"), or NULL for
-- an account without one (token-only accounts and scripts keep working).
--
-- Sessions: only the SHA-256 of the 256-bit cookie value is stored, so this
-- table (or a backup of it) signs nobody in. csrf_secret is the per-session
-- secret the CSRF token is derived from together with the cookie's own bits
-- (web_session.h): alone it mints no token. Lifetime is decided against the
-- database's clock, so every daemon agrees: idle 30 min on last_seen_at,
-- absolute 12 h on created_at. Expired rows are swept by
-- store_web_sessions_purge.
--
-- Sign-in failures: one row per account, shared by every daemon, so a guesser
-- spreading attempts over N daemons gets no more tries: after 5 failures in a
-- row the account is locked for 15 minutes (locked_until); a success deletes
-- the row.

ALTER TABLE accounts
    ADD COLUMN password_hash VARCHAR(128) NULL COMMENT 'scrypt, with its parameters; NULL = no password',
    ADD COLUMN password_set_at DATETIME(6) NULL;

CREATE TABLE web_sessions (
    id_sha256     BINARY(32)   NOT NULL COMMENT 'SHA-256 of the cookie''s 256 bits; the cookie is never stored',
    account_id    BIGINT UNSIGNED NOT NULL,
    csrf_secret   BINARY(32)   NOT NULL,
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_seen_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id_sha256),
    KEY ix_web_sessions_account (account_id),
    KEY ix_web_sessions_seen (last_seen_at),
    CONSTRAINT fk_web_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE web_signin_failures (
    account_id      BIGINT UNSIGNED NOT NULL,
    failures        INT UNSIGNED NOT NULL COMMENT 'in a row, since the last success or lock end',
    first_failed_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_failed_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    locked_until    DATETIME(6)  NULL,
    PRIMARY KEY (account_id),
    CONSTRAINT fk_web_signin_failures_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
