-- Incremental, lock-protected crawls: a fingerprint of each study's metadata objects as last listed, the
-- counts of studies a re-crawl skipped, kept or removed, and one lock row per published location being crawled.

ALTER TABLE studies ADD COLUMN source_fingerprint TEXT COLLATE "C";

ALTER TABLE crawl_runs ADD COLUMN studies_unchanged BIGINT NOT NULL DEFAULT 0;
ALTER TABLE crawl_runs ADD COLUMN studies_kept BIGINT NOT NULL DEFAULT 0;
ALTER TABLE crawl_runs ADD COLUMN studies_removed BIGINT NOT NULL DEFAULT 0;

CREATE TABLE crawl_locks (
    lock_key TEXT COLLATE "C" PRIMARY KEY,
    run_id BIGINT,
    holder TEXT COLLATE "C" NOT NULL,
    heartbeat_at TEXT COLLATE "C" NOT NULL
);
