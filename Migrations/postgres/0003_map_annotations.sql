-- Curated annotations as IDR holds them: map annotations (ordered key/value pairs in a namespace), shared
-- between rows by their primary keys and linked to wells, images, containers or the study; the spellings of
-- one term learnt from the data; per-study term counts; and the annotation rows that matched nothing.

DROP TABLE annotations;

CREATE TABLE map_annotations (
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    namespace TEXT COLLATE "C" NOT NULL,
    shared BIGINT NOT NULL,           -- 0 or 1
    PRIMARY KEY (study_id, number)
);

CREATE TABLE map_annotation_pairs (
    study_id TEXT COLLATE "C" NOT NULL,
    annotation BIGINT NOT NULL,
    position BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    term_kind TEXT COLLATE "C",
    term TEXT COLLATE "C",
    source_url TEXT COLLATE "C" NOT NULL,
    source_row BIGINT,
    source_column TEXT COLLATE "C",
    PRIMARY KEY (study_id, annotation, position),
    FOREIGN KEY (study_id, annotation) REFERENCES map_annotations (study_id, number) ON DELETE CASCADE
);
CREATE INDEX map_annotation_pairs_term ON map_annotation_pairs (term_kind, term);

CREATE TABLE map_annotation_links (
    study_id TEXT COLLATE "C" NOT NULL,
    annotation BIGINT NOT NULL,
    subject_kind TEXT COLLATE "C" NOT NULL CHECK (subject_kind IN ('study', 'container', 'well', 'image')),
    subject_id TEXT COLLATE "C" NOT NULL,
    FOREIGN KEY (study_id, annotation) REFERENCES map_annotations (study_id, number) ON DELETE CASCADE
);
CREATE INDEX map_annotation_links_subject ON map_annotation_links (subject_id);
CREATE INDEX map_annotation_links_annotation ON map_annotation_links (study_id, annotation);

-- Spellings of one term (normalised), e.g. a gene symbol and its identifier; `scope` is the organism for genes.
CREATE TABLE term_links (
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    term_kind TEXT COLLATE "C" NOT NULL,
    a TEXT COLLATE "C" NOT NULL,
    b TEXT COLLATE "C" NOT NULL,
    scope TEXT COLLATE "C"
);
CREATE INDEX term_links_a ON term_links (term_kind, a);
CREATE INDEX term_links_b ON term_links (term_kind, b);

CREATE TABLE study_terms (
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    term_kind TEXT COLLATE "C" NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    label TEXT COLLATE "C" NOT NULL,
    wells BIGINT NOT NULL,
    images BIGINT NOT NULL,
    PRIMARY KEY (term_kind, term, study_id)
);
CREATE INDEX study_terms_study ON study_terms (study_id);

CREATE TABLE unmatched_rows (
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    crawl_run_id BIGINT NOT NULL,
    source_url TEXT COLLATE "C" NOT NULL,
    source_row BIGINT,
    address TEXT COLLATE "C" NOT NULL
);
CREATE INDEX unmatched_rows_study ON unmatched_rows (study_id);
CREATE INDEX unmatched_rows_run ON unmatched_rows (crawl_run_id);

ALTER TABLE crawl_runs ADD COLUMN unmatched_rows BIGINT NOT NULL DEFAULT 0;
