-- Full-text search. search_item has one row per searchable object (its rowid is the FTS rowid)
-- with what filters need; search_words holds the words (contentless: the text already lives in
-- captures and highlights). Text in scripts written without spaces is indexed as overlapping
-- character pairs in the `unspaced` column (see common/unspaced.ts), so any substring of two
-- characters or more is a phrase of pairs. store/search-index.ts keeps both in step with the
-- rows they mirror, in the same transactions.
CREATE TABLE search_item (
  rowid INTEGER PRIMARY KEY,
  object_id TEXT NOT NULL UNIQUE REFERENCES object (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight', 'note')),
  article_id TEXT REFERENCES article (id) ON DELETE CASCADE,
  -- What before:/after: compare: an article's published date (else its clip date), a
  -- highlight's creation date.
  date TEXT NOT NULL,
  -- The article's host, lower-case, for site:.
  host TEXT,
  color TEXT,
  is_claim INTEGER NOT NULL DEFAULT 0 CHECK (is_claim IN (0, 1))
) STRICT;
CREATE INDEX search_item_by_article ON search_item (article_id);
CREATE INDEX search_item_by_kind_date ON search_item (kind, date);

CREATE VIRTUAL TABLE search_words USING fts5 (
  title, byline, site, body, unspaced,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- Set when the index must be built from the notebook's rows (this migration, on a notebook
-- that already holds articles); the app builds it when it next opens the notebook.
CREATE TABLE search_rebuild (needed INTEGER NOT NULL CHECK (needed IN (0, 1))) STRICT;
INSERT INTO search_rebuild (needed) VALUES (1);

-- Rows leave the word index with their item, however the item goes (an object deleted, a
-- cascade from its article).
CREATE TRIGGER search_item_gone AFTER DELETE ON search_item BEGIN
  DELETE FROM search_words WHERE rowid = OLD.rowid;
END;
