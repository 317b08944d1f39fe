-- 004_report_indexes.sql — covering indexes for the yearly report.
--
-- The report groups one year's applications by tier, city and status, and
-- one year's certificates by tier, city and month of issue; these indexes
-- let both be answered from the index alone, without touching the rows.

ALTER TABLE submissions
    ADD KEY ix_submissions_report (year, tier, city_code, status);

ALTER TABLE certificates
    ADD KEY ix_certificates_issued (valid_from, tier, city_code),
    ADD KEY ix_certificates_stock (tier, valid_until, valid_from, city_code, revoked_at);
