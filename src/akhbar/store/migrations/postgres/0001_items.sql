-- 0001: sources, their fetch log and rejects, items, articles (analysis), stories.
-- The same schema as migrations/sqlite/0001_items.sql, with PostgreSQL types.

CREATE TABLE sources (
    id            BIGSERIAL PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL DEFAULT 'other'
                  CHECK (type IN ('agency', 'newspaper', 'broadcaster', 'social', 'other')),
    url           TEXT,
    language      TEXT NOT NULL DEFAULT 'ur',
    kind          TEXT NOT NULL DEFAULT 'feed',
    etag          TEXT,
    last_modified TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     TIMESTAMPTZ,
    last_fetch    TIMESTAMPTZ,
    last_status   TEXT,
    created       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE fetches (
    id        BIGSERIAL PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL,
    status    TEXT NOT NULL,
    error     TEXT,
    new       INTEGER NOT NULL DEFAULT 0,
    seen      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fetches_source_at ON fetches (source_id, at);

CREATE TABLE rejects (
    id        BIGSERIAL PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL,
    reason    TEXT NOT NULL,
    raw       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rejects_source ON rejects (source_id, id);

CREATE TABLE items (
    id          BIGSERIAL PRIMARY KEY,
    source_id   BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    uid         TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'headline', 'post')),
    title       TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    url         TEXT,
    guid        TEXT,
    published   TIMESTAMPTZ,
    author      TEXT,
    language    TEXT,
    source_type TEXT NOT NULL DEFAULT 'other',
    source_name TEXT,
    image       TEXT,
    fetched     TIMESTAMPTZ,
    UNIQUE (source_id, uid)
);
CREATE INDEX items_kind ON items (kind, id);
CREATE INDEX items_published ON items (published);

CREATE TABLE articles (
    item_id  BIGINT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    language TEXT,
    topic    TEXT,
    analysis JSONB NOT NULL,
    updated  TIMESTAMPTZ NOT NULL
);
CREATE INDEX articles_topic ON articles (topic);

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    first_seen TIMESTAMPTZ,
    last_seen  TIMESTAMPTZ,
    updated    TIMESTAMPTZ NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen);

CREATE TABLE story_members (
    story_id  TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    item_id   TEXT NOT NULL,
    published TIMESTAMPTZ,
    copy_of   TEXT,
    grade     TEXT CHECK (grade IS NULL OR grade IN ('wholly', 'partly')),
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (story_id, item_id)
);
CREATE INDEX story_members_item ON story_members (item_id);

CREATE TABLE story_aliases (
    alias    TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE
);
