-- The catalog: studies and their OME-Zarr images, array levels, annotations, and the crawls that wrote them.
-- Harvested documents are kept verbatim (`document` columns); every other column is derived from them.

CREATE TABLE crawl_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'completed_with_errors', 'failed')),
    studies INTEGER NOT NULL DEFAULT 0,
    images INTEGER NOT NULL DEFAULT 0,
    arrays INTEGER NOT NULL DEFAULT 0,
    annotations INTEGER NOT NULL DEFAULT 0,
    objects_read INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE crawl_errors (
    crawl_run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX crawl_errors_run ON crawl_errors (crawl_run_id);

CREATE TABLE studies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    description TEXT,
    license TEXT,
    license_url TEXT,
    organisms TEXT NOT NULL,          -- JSON array of names
    study_document TEXT,
    crawl_run_id INTEGER REFERENCES crawl_runs (id)
);

CREATE TABLE containers (
    id TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('plate', 'dataset')),
    name TEXT NOT NULL,
    component TEXT,
    url TEXT NOT NULL,
    ngff_version TEXT,
    zarr_format INTEGER,
    document TEXT
);
CREATE INDEX containers_study ON containers (study_id);

CREATE TABLE wells (
    id TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    container_id TEXT NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    row_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    column_index INTEGER NOT NULL,
    document TEXT
);
CREATE INDEX wells_container ON wells (container_id);
CREATE INDEX wells_study ON wells (study_id);

CREATE TABLE images (
    id TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    container_id TEXT REFERENCES containers (id) ON DELETE CASCADE,
    well_id TEXT REFERENCES wells (id) ON DELETE CASCADE,
    parent_image_id TEXT,
    field TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('image', 'label')),
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    ngff_version TEXT NOT NULL,
    zarr_format INTEGER NOT NULL,
    axes TEXT NOT NULL,               -- JSON [{name, type, unit}]
    channels TEXT,                    -- JSON, the omero channel list
    scale TEXT,                       -- JSON, physical size of a level-0 pixel per axis
    document TEXT NOT NULL,
    sort_key TEXT NOT NULL UNIQUE
);
CREATE INDEX images_study ON images (study_id);
CREATE INDEX images_well ON images (well_id);
CREATE INDEX images_parent ON images (parent_image_id);

CREATE TABLE arrays (
    image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    path TEXT NOT NULL,
    url TEXT NOT NULL,
    zarr_format INTEGER NOT NULL,
    shape TEXT NOT NULL,              -- JSON integer lists
    chunk_shape TEXT NOT NULL,
    shard_shape TEXT,
    data_type TEXT NOT NULL,
    byte_order TEXT NOT NULL,
    fill_value TEXT NOT NULL,         -- JSON value as written
    element_order TEXT NOT NULL,
    codecs TEXT NOT NULL,             -- JSON as written
    chunk_key_encoding TEXT NOT NULL,
    chunk_key_separator TEXT NOT NULL,
    dimension_names TEXT,
    scale TEXT,
    translation TEXT,
    document TEXT NOT NULL,
    PRIMARY KEY (image_id, level)
);

CREATE TABLE annotations (
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('study', 'container', 'well', 'image')),
    subject_id TEXT NOT NULL,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    term_kind TEXT,
    term TEXT,
    source_url TEXT NOT NULL,
    source_row INTEGER
);
CREATE INDEX annotations_subject ON annotations (subject_id);
CREATE INDEX annotations_study ON annotations (study_id);

-- Terms per image (from its well, itself and its study), derived from `annotations` for fast AND-queries.
CREATE TABLE image_terms (
    image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    study_id TEXT NOT NULL,
    term_kind TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (term_kind, term, image_id)
);
CREATE INDEX image_terms_image ON image_terms (image_id);
CREATE INDEX image_terms_study ON image_terms (study_id);

CREATE TABLE source_objects (
    url TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    etag TEXT,
    size INTEGER NOT NULL,
    last_modified TEXT,
    crawl_run_id INTEGER NOT NULL REFERENCES crawl_runs (id)
);
CREATE INDEX source_objects_study ON source_objects (study_id);
