-- 095_tlog_queue.sql — entries waiting for their leaf index (issue 18).
--
-- An act (a certificate issued or revoked, a key activated or retired)
-- inserts its canonical log entry here in its own transaction: the act and
-- its entry commit together or not at all, and no act waits on another.
-- The sequencer (one step of tierd, any number of daemons: tlog_head's row
-- lock serialises them) moves queued rows, in id order, into the tree
-- (tlog_entries / tlog_nodes) in batches, and deletes each row it moved in
-- the same transaction. Appending in the act's transaction directly held
-- tlog_head's lock across every act's durable COMMIT and cut the approval
-- rate by more than half (README, "transparency log").

CREATE TABLE tlog_queue (
    id            BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT,
    kind          VARCHAR(24)      NOT NULL,
    subject       VARCHAR(64)      NULL,
    entry         VARBINARY(1024)  NOT NULL,
    queued_at     DATETIME(6)      NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
