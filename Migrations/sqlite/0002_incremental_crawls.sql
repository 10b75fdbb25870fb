-- Incremental, lock-protected crawls: a fingerprint of each study's metadata objects as last listed, the
-- counts of studies a re-crawl skipped, kept or removed, and one lock row per published location being crawled.

ALTER TABLE studies ADD COLUMN source_fingerprint TEXT;

ALTER TABLE crawl_runs ADD COLUMN studies_unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_runs ADD COLUMN studies_kept INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_runs ADD COLUMN studies_removed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE crawl_locks (
    lock_key TEXT PRIMARY KEY,
    run_id INTEGER,
    holder TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
