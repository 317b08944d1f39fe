-- 011_finding_reason_zh.sql — why a needs-review finding needs review, in
-- Chinese (issue 12: the readers are Chinese officials). NULL for every other
-- finding; the English sentence stays in `message`. The receipt shows it after
-- the rule's Chinese requirement.

ALTER TABLE findings
    ADD COLUMN reason_zh VARCHAR(255) NULL AFTER message;
