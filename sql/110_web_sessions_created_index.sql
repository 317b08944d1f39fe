-- 110_web_sessions_created_index.sql — tierd deletes expired web sessions
-- every minute (registry_sessions_purge) in two bounded statements, one per
-- limit: idle (last_seen_at, indexed since 050) and absolute (created_at,
-- indexed here), so each reads only the rows it deletes.
ALTER TABLE web_sessions ADD KEY ix_web_sessions_created (created_at);
