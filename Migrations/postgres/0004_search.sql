-- Boolean search (POST /v1/search): free key/value conditions compare case-folded copies of each pair's key
-- and value; the crawler writes them with the same Unicode folding queries use. Existing pairs are folded
-- here (by the database's own lower()) and their studies' fingerprints cleared, so the next crawl rewrites them.

ALTER TABLE map_annotation_pairs ADD COLUMN key_fold TEXT COLLATE "C";
ALTER TABLE map_annotation_pairs ADD COLUMN value_fold TEXT COLLATE "C";
UPDATE map_annotation_pairs SET key_fold = lower(trim(key)), value_fold = lower(trim(value));
UPDATE studies SET source_fingerprint = NULL WHERE id IN (SELECT study_id FROM map_annotation_pairs);
CREATE INDEX map_annotation_pairs_key_value ON map_annotation_pairs (key_fold, value_fold);
CREATE INDEX map_annotation_pairs_raw ON map_annotation_pairs (term_kind, value);

-- Sorting images by name pages through this index.
CREATE INDEX images_name ON images (name, sort_key);

-- A counter every write that changes what the API answers increments (a study replaced or removed, a crawl run
-- started or finished): the API's ETags are made from it, so a client's cached answer is confirmed with one read.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);
