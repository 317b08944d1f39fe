-- 091_decision_idempotency.sql — a decision may carry the client's
-- Idempotency-Key (1-64 of A-Z a-z 0-9 - _ . :), unique per application.
--
-- When the connection is lost at COMMIT the client cannot know whether its
-- decision was recorded. Sent again with the same key, the decision is not
-- taken twice: the registry finds the row and answers as it did the first
-- time (the decision's id, its states, the certificate an approval issued).
ALTER TABLE decisions
    ADD COLUMN idempotency_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL
        COMMENT 'the client''s Idempotency-Key, NULL when none',
    ADD UNIQUE KEY uq_decisions_idempotency (submission_id, idempotency_key);
