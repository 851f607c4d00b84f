-- 0002: full-text search over the search key (akhbar.store.sqlite_search).
--
-- search_fts is a contentless FTS5 index whose rowid is items.id; its columns hold the
-- search-key words of the title and the body (akhbar.store.query.index_text), so the
-- letter variants of a word (ایران, ايران, ﺍﻳﺮﺍﻥ) are one word in the index.
-- search_docs holds, per indexed item, the columns that searches filter on;
-- search_entities the keys of the entities an article mentions.
-- The search key needs Python, so SQL triggers only note what changed in
-- search_queue (with an item's text as it was, so that its words can be taken out of
-- the contentless index again); sqlite_search.sync() works the queue off.

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = '',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);

CREATE TABLE search_docs (
    item_id     INTEGER PRIMARY KEY,  -- = search_fts.rowid; a row here means indexed
    published   INTEGER,              -- Unix seconds, UTC
    source      TEXT NOT NULL,        -- sources.key
    source_type TEXT NOT NULL,
    topic       TEXT,
    story       TEXT
);
CREATE INDEX search_docs_published ON search_docs (published, item_id);
CREATE INDEX search_docs_source ON search_docs (source, published);
CREATE INDEX search_docs_topic ON search_docs (topic, published);
CREATE INDEX search_docs_story ON search_docs (story);

CREATE TABLE search_entities (
    entity  TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (entity, item_id)
) WITHOUT ROWID;
CREATE INDEX search_entities_item ON search_entities (item_id);

-- reindex = 1: the item's text is new, changed or gone (old_title and old_body keep
-- the text as it was before the first change since the last sync);
-- reindex = 0: only what it is filtered on (article, story) changed.
CREATE TABLE search_queue (
    item_id   INTEGER PRIMARY KEY,
    reindex   INTEGER NOT NULL DEFAULT 1,
    old_title TEXT,
    old_body  TEXT
);

CREATE TRIGGER search_items_insert AFTER INSERT ON items BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (new.id, 1)
    ON CONFLICT (item_id) DO UPDATE SET reindex = 1;
END;

CREATE TRIGGER search_items_update AFTER UPDATE OF title, text, published, source_type, source_id
ON items BEGIN
    INSERT INTO search_queue (item_id, reindex, old_title, old_body)
    VALUES (old.id, 1, old.title, old.text)
    ON CONFLICT (item_id) DO UPDATE SET
        reindex = 1,
        old_title = coalesce(search_queue.old_title, excluded.old_title),
        old_body = coalesce(search_queue.old_body, excluded.old_body);
END;

CREATE TRIGGER search_items_delete AFTER DELETE ON items BEGIN
    INSERT INTO search_queue (item_id, reindex, old_title, old_body)
    VALUES (old.id, 1, old.title, old.text)
    ON CONFLICT (item_id) DO UPDATE SET
        reindex = 1,
        old_title = coalesce(search_queue.old_title, excluded.old_title),
        old_body = coalesce(search_queue.old_body, excluded.old_body);
END;

CREATE TRIGGER search_articles_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (new.item_id, 0)
    ON CONFLICT (item_id) DO NOTHING;
END;

CREATE TRIGGER search_articles_update AFTER UPDATE ON articles BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (new.item_id, 0)
    ON CONFLICT (item_id) DO NOTHING;
END;

CREATE TRIGGER search_articles_delete AFTER DELETE ON articles BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (old.item_id, 0)
    ON CONFLICT (item_id) DO NOTHING;
END;

CREATE TRIGGER search_members_insert AFTER INSERT ON story_members
WHEN new.item_id GLOB '[0-9]*' BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (CAST(new.item_id AS INTEGER), 0)
    ON CONFLICT (item_id) DO NOTHING;
END;

CREATE TRIGGER search_members_delete AFTER DELETE ON story_members
WHEN old.item_id GLOB '[0-9]*' BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (CAST(old.item_id AS INTEGER), 0)
    ON CONFLICT (item_id) DO NOTHING;
END;

CREATE TRIGGER search_members_update AFTER UPDATE ON story_members
WHEN new.item_id GLOB '[0-9]*' BEGIN
    INSERT INTO search_queue (item_id, reindex) VALUES (CAST(new.item_id AS INTEGER), 0)
    ON CONFLICT (item_id) DO NOTHING;
END;
