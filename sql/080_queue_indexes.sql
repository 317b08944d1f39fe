-- 080_queue_indexes.sql — the reviewers' queue is oldest first within a
-- status (GET /v1/submissions?status=…&order=oldest, the /queue page). The
-- applications still waiting are the newest ones, so walking (city_code, id)
-- or the primary key from the oldest passes over every decided application
-- first (about 500 ms at 1,000,000 applications, make bench-web). With the
-- status ahead of the id, the queue's first page is a short range read:
-- a city reviewer's (city_code, status, id), the province's (status, id).

ALTER TABLE submissions
    ADD KEY ix_submissions_queue_city (city_code, status, id),
    ADD KEY ix_submissions_queue (status, id);
