-- 0001: sources, their fetch log and rejects, items, articles (analysis), stories.
-- Times are ISO 8601 text in UTC ("2024-06-01T10:00:00+00:00").

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
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
    next_poll     TEXT,
    last_fetch    TEXT,
    last_status   TEXT,
    created       TEXT NOT NULL
);

CREATE TABLE fetches (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    status    TEXT NOT NULL,
    error     TEXT,
    new       INTEGER NOT NULL DEFAULT 0,
    seen      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fetches_source_at ON fetches (source_id, at);

CREATE TABLE rejects (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    reason    TEXT NOT NULL,
    raw       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rejects_source ON rejects (source_id, id);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    uid         TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'headline', 'post')),
    title       TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    url         TEXT,
    guid        TEXT,
    published   TEXT,
    author      TEXT,
    language    TEXT,
    source_type TEXT NOT NULL DEFAULT 'other',
    source_name TEXT,
    image       TEXT,
    fetched     TEXT,
    UNIQUE (source_id, uid)
);
CREATE INDEX items_kind ON items (kind, id);
CREATE INDEX items_published ON items (published);

-- The analysis of an item: a few columns to filter on, the rest as JSON
-- (akhbar.store.codec.article_to_json).
CREATE TABLE articles (
    item_id  INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    language TEXT,
    topic    TEXT,
    analysis TEXT NOT NULL,
    updated  TEXT NOT NULL
);
CREATE INDEX articles_topic ON articles (topic);

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    first_seen TEXT,
    last_seen  TEXT,
    updated    TEXT NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen);

CREATE TABLE story_members (
    story_id  TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    item_id   TEXT NOT NULL,
    published TEXT,
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
