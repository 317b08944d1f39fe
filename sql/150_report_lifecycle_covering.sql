-- 150_report_lifecycle_covering.sql — keep the yearly report's queries
-- answered from their indexes now that they count by a title's life (issue
-- 17).
--
-- "New" splits the revoked by category (revocation_category), and "stock"
-- leaves out what was superseded by a renewal by each month's end
-- (superseded_at). Without those columns in the covering indexes every
-- certificate of the year is looked up in the table, twelve month-ends over
-- (make bench-report: the province report went from within 2x of a plain
-- GROUP BY to 12x). Renewals themselves are found from the superseded rows
-- (state, through ix_certificates_expiring of 070), which are few.
--
-- The titles whose yearly update is missing (counted per tier in the report,
-- listed at GET /v1/updates/missing) are valid titles of a tier issued before
-- the due year and valid on its deadline: ix_certificates_updates answers that
-- from the index (300,000 certificates: from 110–420 ms a tier to 10 ms).

ALTER TABLE certificates
    DROP KEY ix_certificates_issued,
    ADD KEY ix_certificates_issued (valid_from, tier, city_code, revoked_at, revocation_category),
    DROP KEY ix_certificates_stock,
    ADD KEY ix_certificates_stock (tier, city_code, valid_until, valid_from, revoked_at,
                                   superseded_at),
    ADD KEY ix_certificates_updates (tier, state, valid_from, valid_until, revoked_at, city_code);
