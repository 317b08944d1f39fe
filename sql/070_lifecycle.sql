-- 070_lifecycle.sql — a title's whole life (issue 17): public notice with
-- objections, one valid title per enterprise and tier, expiry, renewal
-- (复核), the yearly data update, and the ban after a fraud-type revocation.
--
-- Certificates get a state: `valid` until a renewal supersedes them
-- (`superseded`, with the renewal's serial) or they are withdrawn (`revoked`,
-- with a category); `expired` is not stored, it is valid_until < today. Every
-- certificate revoked before this migration becomes `revoked` with category
-- `other` (a revocation without a category is `other`).
--
-- A ban is not a row of its own: it follows from a certificate revoked with
-- a category that carries one (config ban-categories, ban-years, ban-scope),
-- so the certificate stays the one record of why and since when.
--
-- Submissions get their kind (`new` or `renewal` and the serial renewed) and
-- the last day of their public notice, set on approval when the tier has one;
-- the scheduled step that issues certificates once the notice is over finds
-- them by (status, notice_ends).
--
-- Duplicates already stored (an enterprise holding two valid titles of one
-- tier, as an insider managed by submitting one application four times with
-- a comment added) are not deleted: the view duplicate_valid_titles lists
-- them for a person to decide, and `tierctl migrate` prints their count.

ALTER TABLE certificates
    ADD COLUMN state VARCHAR(16) NOT NULL DEFAULT 'valid'
        COMMENT 'valid superseded revoked; expired = valid_until before today',
    ADD COLUMN superseded_by VARCHAR(48) NULL COMMENT 'serial of the renewal that replaced it',
    ADD COLUMN superseded_at DATETIME(6) NULL,
    ADD COLUMN revocation_category VARCHAR(16) NULL
        COMMENT 'fraud accident dishonesty tax request other; set when revoked',
    ADD KEY ix_certificates_expiring (state, valid_until, tier);

UPDATE certificates SET state = 'revoked', revocation_category = 'other'
    WHERE revoked_at IS NOT NULL;

ALTER TABLE submissions
    ADD COLUMN kind VARCHAR(8) NOT NULL DEFAULT 'new' COMMENT 'new renewal',
    ADD COLUMN renews_serial VARCHAR(48) NULL COMMENT 'renewal: the certificate it renews',
    ADD COLUMN notice_ends DATE NULL COMMENT 'last day of the public notice (公示), working days',
    ADD KEY ix_submissions_notice (status, notice_ends),
    ADD KEY ix_submissions_holder (enterprise_id, tier, status);

-- Objections filed during a notice. The contact is kept for the province and
-- never published; the address serves the per-address rate limit.
CREATE TABLE objections (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    submission_id BIGINT UNSIGNED NOT NULL,
    reason        VARCHAR(2000) NOT NULL,
    contact       VARCHAR(200) NOT NULL COMMENT 'not published',
    address       VARCHAR(64)  NOT NULL COMMENT 'client address, for the rate limit',
    filed_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    status        VARCHAR(12)  NOT NULL DEFAULT 'open' COMMENT 'open upheld dismissed',
    decided_by    BIGINT UNSIGNED NULL,
    decided_at    DATETIME(6)  NULL,
    decision_comment VARCHAR(2000) NULL,
    PRIMARY KEY (id),
    KEY ix_objections_submission (submission_id, status),
    KEY ix_objections_address (address, filed_at),
    CONSTRAINT fk_objections_submission FOREIGN KEY (submission_id) REFERENCES submissions (id),
    CONSTRAINT fk_objections_account FOREIGN KEY (decided_by) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The State Council's holiday notices (calendar/README.md): only the days that
-- differ from the week (holidays, worked weekend days).
CREATE TABLE calendar_days (
    day           DATE         NOT NULL,
    kind          VARCHAR(8)   NOT NULL COMMENT 'holiday workday',
    name          VARCHAR(63)  NOT NULL DEFAULT '',
    imported_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Yearly data updates (年度数据更新), one per certificate and year.
CREATE TABLE title_updates (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    serial        VARCHAR(48)  NOT NULL,
    year          SMALLINT     NOT NULL COMMENT 'the deadline year it meets',
    sha256        BINARY(32)   NOT NULL,
    body          MEDIUMBLOB   NOT NULL COMMENT 'the update document verbatim',
    submitted_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    UNIQUE KEY uq_title_updates (serial, year),
    CONSTRAINT fk_title_updates_certificate FOREIGN KEY (serial) REFERENCES certificates (serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE VIEW duplicate_valid_titles AS
    SELECT enterprise_id, tier, COUNT(*) AS titles,
           GROUP_CONCAT(serial ORDER BY issued_at SEPARATOR ' ') AS serials
    FROM certificates
    WHERE state = 'valid' AND revoked_at IS NULL
    GROUP BY enterprise_id, tier
    HAVING COUNT(*) > 1;
