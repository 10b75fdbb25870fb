-- Curated annotations as IDR holds them: map annotations (ordered key/value pairs in a namespace), shared
-- between rows by their primary keys and linked to wells, images, containers or the study; the spellings of
-- one term learnt from the data; per-study term counts; and the annotation rows that matched nothing.

DROP TABLE annotations;

CREATE TABLE map_annotations (
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    shared INTEGER NOT NULL,          -- 0 or 1
    PRIMARY KEY (study_id, number)
);

CREATE TABLE map_annotation_pairs (
    study_id TEXT NOT NULL,
    annotation INTEGER NOT NULL,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    term_kind TEXT,
    term TEXT,
    source_url TEXT NOT NULL,
    source_row INTEGER,
    source_column TEXT,
    PRIMARY KEY (study_id, annotation, position),
    FOREIGN KEY (study_id, annotation) REFERENCES map_annotations (study_id, number) ON DELETE CASCADE
);
CREATE INDEX map_annotation_pairs_term ON map_annotation_pairs (term_kind, term);

CREATE TABLE map_annotation_links (
    study_id TEXT NOT NULL,
    annotation INTEGER NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('study', 'container', 'well', 'image')),
    subject_id TEXT NOT NULL,
    FOREIGN KEY (study_id, annotation) REFERENCES map_annotations (study_id, number) ON DELETE CASCADE
);
CREATE INDEX map_annotation_links_subject ON map_annotation_links (subject_id);
CREATE INDEX map_annotation_links_annotation ON map_annotation_links (study_id, annotation);

-- Spellings of one term (normalised), e.g. a gene symbol and its identifier; `scope` is the organism for genes.
CREATE TABLE term_links (
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    term_kind TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    scope TEXT
);
CREATE INDEX term_links_a ON term_links (term_kind, a);
CREATE INDEX term_links_b ON term_links (term_kind, b);

CREATE TABLE study_terms (
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    term_kind TEXT NOT NULL,
    term TEXT NOT NULL,
    label TEXT NOT NULL,
    wells INTEGER NOT NULL,
    images INTEGER NOT NULL,
    PRIMARY KEY (term_kind, term, study_id)
);
CREATE INDEX study_terms_study ON study_terms (study_id);

CREATE TABLE unmatched_rows (
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    crawl_run_id INTEGER NOT NULL,
    source_url TEXT NOT NULL,
    source_row INTEGER,
    address TEXT NOT NULL
);
CREATE INDEX unmatched_rows_study ON unmatched_rows (study_id);
CREATE INDEX unmatched_rows_run ON unmatched_rows (crawl_run_id);

ALTER TABLE crawl_runs ADD COLUMN unmatched_rows INTEGER NOT NULL DEFAULT 0;
