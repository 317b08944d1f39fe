-- 010_overall_eligibility.sql — submissions.overall becomes the overall
-- verdict of issue 12 (docs/criteria.md): eligible (every mechanical criterion
-- passes; judgement items may remain), needs-review, ineligible, or invalid
-- (a USCC whose check characters are wrong). Rows written before this held
-- the worst finding verdict; 'pass' meant no finding failed or needed review,
-- 'fail' that one failed. findings.verdict gains 'judgement' (an item only a
-- person can judge, never counted); VARCHAR(12) already holds it.

UPDATE submissions SET overall = 'eligible' WHERE overall = 'pass';
UPDATE submissions SET overall = 'ineligible' WHERE overall = 'fail';

ALTER TABLE submissions
    ALTER COLUMN overall SET DEFAULT 'eligible',
    ADD INDEX ix_submissions_overall (overall, id);

ALTER TABLE findings
    MODIFY COLUMN verdict VARCHAR(12) NOT NULL COMMENT 'pass judgement needs-review fail';
