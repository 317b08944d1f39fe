-- 003_audit_head.sql — the head of the audit log's hash chain.
--
-- Every append locks this one row (SELECT … FOR UPDATE), so appends are
-- serialised and the chain cannot fork: a hash chain is sequential by nature.
-- Audited events (decisions, issuance, revocation, account and target
-- changes) happen at human pace, so the lock is never hot; on Galera a
-- conflicting append on another node fails certification and is retried.
-- The head also lets `tierctl audit verify` notice rows removed from the end.

CREATE TABLE audit_head (
    id            TINYINT UNSIGNED NOT NULL,
    last_id       BIGINT UNSIGNED NOT NULL,
    last_sha256   CHAR(64)     NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO audit_head (id, last_id, last_sha256)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
