-- The catalog: studies and their OME-Zarr images, array levels, annotations, and the crawls that wrote them.
-- Text keys use (byte order, as in SQLite) so sorting and keyset pages agree across backends.
-- Harvested documents are kept verbatim (`document` columns); every other column is derived from them.

CREATE TABLE crawl_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    started_at TEXT COLLATE "C" NOT NULL,
    finished_at TEXT COLLATE "C",
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('running', 'succeeded', 'completed_with_errors', 'failed')),
    studies BIGINT NOT NULL DEFAULT 0,
    images BIGINT NOT NULL DEFAULT 0,
    arrays BIGINT NOT NULL DEFAULT 0,
    annotations BIGINT NOT NULL DEFAULT 0,
    objects_read BIGINT NOT NULL DEFAULT 0,
    errors BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE crawl_errors (
    crawl_run_id BIGINT NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    url TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL
);
CREATE INDEX crawl_errors_run ON crawl_errors (crawl_run_id);

CREATE TABLE studies (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    title TEXT COLLATE "C",
    description TEXT COLLATE "C",
    license TEXT COLLATE "C",
    license_url TEXT COLLATE "C",
    organisms TEXT COLLATE "C" NOT NULL,          -- JSON array of names
    study_document TEXT COLLATE "C",
    crawl_run_id BIGINT REFERENCES crawl_runs (id)
);

CREATE TABLE containers (
    id TEXT COLLATE "C" PRIMARY KEY,
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('plate', 'dataset')),
    name TEXT COLLATE "C" NOT NULL,
    component TEXT COLLATE "C",
    url TEXT COLLATE "C" NOT NULL,
    ngff_version TEXT COLLATE "C",
    zarr_format BIGINT,
    document TEXT COLLATE "C"
);
CREATE INDEX containers_study ON containers (study_id);

CREATE TABLE wells (
    id TEXT COLLATE "C" PRIMARY KEY,
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    container_id TEXT COLLATE "C" NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
    path TEXT COLLATE "C" NOT NULL,
    row_name TEXT COLLATE "C" NOT NULL,
    column_name TEXT COLLATE "C" NOT NULL,
    row_index BIGINT NOT NULL,
    column_index BIGINT NOT NULL,
    document TEXT COLLATE "C"
);
CREATE INDEX wells_container ON wells (container_id);
CREATE INDEX wells_study ON wells (study_id);

CREATE TABLE images (
    id TEXT COLLATE "C" PRIMARY KEY,
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    container_id TEXT COLLATE "C" REFERENCES containers (id) ON DELETE CASCADE,
    well_id TEXT COLLATE "C" REFERENCES wells (id) ON DELETE CASCADE,
    parent_image_id TEXT COLLATE "C",
    field TEXT COLLATE "C",
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('image', 'label')),
    name TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    ngff_version TEXT COLLATE "C" NOT NULL,
    zarr_format BIGINT NOT NULL,
    axes TEXT COLLATE "C" NOT NULL,               -- JSON [{name, type, unit}]
    channels TEXT COLLATE "C",                    -- JSON, the omero channel list
    scale TEXT COLLATE "C",                       -- JSON, physical size of a level-0 pixel per axis
    document TEXT COLLATE "C" NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE INDEX images_study ON images (study_id);
CREATE INDEX images_well ON images (well_id);
CREATE INDEX images_parent ON images (parent_image_id);

CREATE TABLE arrays (
    image_id TEXT COLLATE "C" NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    level BIGINT NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    zarr_format BIGINT NOT NULL,
    shape TEXT COLLATE "C" NOT NULL,              -- JSON integer lists
    chunk_shape TEXT COLLATE "C" NOT NULL,
    shard_shape TEXT COLLATE "C",
    data_type TEXT COLLATE "C" NOT NULL,
    byte_order TEXT COLLATE "C" NOT NULL,
    fill_value TEXT COLLATE "C" NOT NULL,         -- JSON value as written
    element_order TEXT COLLATE "C" NOT NULL,
    codecs TEXT COLLATE "C" NOT NULL,             -- JSON as written
    chunk_key_encoding TEXT COLLATE "C" NOT NULL,
    chunk_key_separator TEXT COLLATE "C" NOT NULL,
    dimension_names TEXT COLLATE "C",
    scale TEXT COLLATE "C",
    translation TEXT COLLATE "C",
    document TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (image_id, level)
);

CREATE TABLE annotations (
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    subject_kind TEXT COLLATE "C" NOT NULL CHECK (subject_kind IN ('study', 'container', 'well', 'image')),
    subject_id TEXT COLLATE "C" NOT NULL,
    namespace TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    term_kind TEXT COLLATE "C",
    term TEXT COLLATE "C",
    source_url TEXT COLLATE "C" NOT NULL,
    source_row BIGINT
);
CREATE INDEX annotations_subject ON annotations (subject_id);
CREATE INDEX annotations_study ON annotations (study_id);

-- Terms per image (from its well, itself and its study), derived from `annotations` for fast AND-queries.
CREATE TABLE image_terms (
    image_id TEXT COLLATE "C" NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    study_id TEXT COLLATE "C" NOT NULL,
    term_kind TEXT COLLATE "C" NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (term_kind, term, image_id)
);
CREATE INDEX image_terms_image ON image_terms (image_id);
CREATE INDEX image_terms_study ON image_terms (study_id);

CREATE TABLE source_objects (
    url TEXT COLLATE "C" PRIMARY KEY,
    study_id TEXT COLLATE "C" NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    etag TEXT COLLATE "C",
    size BIGINT NOT NULL,
    last_modified TEXT COLLATE "C",
    crawl_run_id BIGINT NOT NULL REFERENCES crawl_runs (id)
);
CREATE INDEX source_objects_study ON source_objects (study_id);
