-- 0002: full-text search over the search key (akhbar.store.postgres).
--
-- tsv is to_tsvector('simple', ...) of the title (weight A) and the body (weight D) as
-- search-key words joined by spaces (akhbar.store.query.index_text): the letter variants
-- of a word are one lexeme, and PostgreSQL's parser (which under the C locale would
-- glue Urdu punctuation such as ۔ and ، to words) only ever splits at the spaces.
-- Queries are to_tsquery('simple', ...) of akhbar.store.query.to_tsquery's quoted words.

CREATE TABLE search_docs (
    item_id     BIGINT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    published   TIMESTAMPTZ,
    source      TEXT NOT NULL,
    source_type TEXT NOT NULL,
    topic       TEXT,
    story       TEXT,
    tsv         TSVECTOR NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX search_docs_published ON search_docs (published, item_id);
CREATE INDEX search_docs_source ON search_docs (source, published);
CREATE INDEX search_docs_topic ON search_docs (topic, published);
CREATE INDEX search_docs_story ON search_docs (story);

CREATE TABLE search_entities (
    entity  TEXT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    PRIMARY KEY (entity, item_id)
);
CREATE INDEX search_entities_item ON search_entities (item_id);
