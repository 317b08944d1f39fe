-- 040_tlog.sql — the transparency log (issue 18; docs/transparency.md).
--
-- tlog_entries: one row per leaf, its canonical bytes (xsd/log-entry.xsd) and
--   leaf hash SHA-256(0x00 ‖ entry). `subject` is what the entry is about (a
--   certificate serial or a key id) so a proof can be asked for by serial.
-- tlog_nodes: the stored hashes of complete subtrees at every fourth level
--   above the leaves (4, 8, …; see include/tier/tlog.h): node (level, idx)
--   covers leaves [idx·2^level, (idx+1)·2^level). Level 0 is
--   tlog_entries.leaf_hash. One row per 15 leaves; a proof is two indexed
--   queries, one per table.
-- tlog_head: the tree size, in one row that every append locks (SELECT … FOR
--   UPDATE), so appends are serialised: leaf indexes have no gaps and a stored
--   node is written once, by the append that completes it.
-- tlog_checkpoints: every signed tree head (C2SP checkpoint note), at most
--   one per size: the log must never sign two heads for one size.
--
-- Rows are only ever inserted; nothing here is updated or deleted but the
-- head's size. Hashes are raw 32-byte BINARY.

CREATE TABLE tlog_head (
    id            TINYINT UNSIGNED NOT NULL,
    size          BIGINT UNSIGNED  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO tlog_head (id, size) VALUES (1, 0);

CREATE TABLE tlog_entries (
    leaf_index    BIGINT UNSIGNED  NOT NULL,
    kind          VARCHAR(24)      NOT NULL,
    subject       VARCHAR(64)      NULL,
    entry         VARBINARY(1024)  NOT NULL,
    leaf_hash     BINARY(32)       NOT NULL,
    appended_at   DATETIME(6)      NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (leaf_index),
    KEY tlog_entries_subject (subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tlog_nodes (
    level         TINYINT UNSIGNED NOT NULL,
    idx           BIGINT UNSIGNED  NOT NULL,
    hash          BINARY(32)       NOT NULL,
    PRIMARY KEY (level, idx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tlog_checkpoints (
    tree_size     BIGINT UNSIGNED  NOT NULL,
    root_hash     BINARY(32)       NOT NULL,
    note          VARBINARY(16384) NOT NULL,
    signed_at     DATETIME(6)      NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (tree_size)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
