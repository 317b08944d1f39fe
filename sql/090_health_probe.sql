-- 090_health_probe.sql — one row the health checker writes while writes fail.
--
-- When a write use case meets "cannot write" (disk or table full, read-only),
-- tierd's /healthz says "degraded". Clients are told to come back later, so
-- no write of theirs may come to prove the server well again: tierd's own
-- checker then updates this row once a second, in a transaction as a use
-- case's, and the first one that commits ends the degraded spell.
CREATE TABLE IF NOT EXISTS health_probe (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    checked_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO health_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP(6));
