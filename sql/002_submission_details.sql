-- 002_submission_details.sql — what receipts need beyond 001.
--
-- submitted_by: the account that posted the application (an enterprise, or
-- an admin acting for one). overall: the worst verdict of the findings
-- (pass, needs-review, fail), so lists need not read findings. findings.detail
-- marks one route of a criterion that has several (not counted overall).

ALTER TABLE submissions
    ADD COLUMN submitted_by BIGINT UNSIGNED NULL AFTER replaces_id,
    ADD COLUMN overall VARCHAR(12) NOT NULL DEFAULT 'pass' AFTER status,
    ADD CONSTRAINT fk_submissions_account FOREIGN KEY (submitted_by) REFERENCES accounts (id);

ALTER TABLE findings
    ADD COLUMN detail TINYINT(1) NOT NULL DEFAULT 0 AFTER verdict;

