-- Ranked lists for the words and prefixes that so many items contain that FTS5 cannot rank
-- them while someone types ("the", "said", "th*"): for each such term and kind of item, the
-- best-scoring items, scored as bm25 scores a single term (store/search-top.ts). A one-word
-- query reads its list instead of ranking every match. A list is `complete` when it holds
-- every item of its kind with the term; otherwise it holds the true best `size` items, so
-- its head can answer a query, and a query its head cannot fill falls back to FTS5.
CREATE TABLE search_top_list (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight', 'note')),
  term TEXT NOT NULL,
  is_prefix INTEGER NOT NULL CHECK (is_prefix IN (0, 1)),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  UNIQUE (term, is_prefix, kind)
) STRICT;

CREATE TABLE search_top (
  list_id INTEGER NOT NULL REFERENCES search_top_list (id) ON DELETE CASCADE,
  score REAL NOT NULL,
  item_rowid INTEGER NOT NULL REFERENCES search_item (rowid) ON DELETE CASCADE,
  PRIMARY KEY (list_id, score, item_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_top_by_item ON search_top (item_rowid);

-- One row once the lists are built: the average item length their scores used, how long a
-- list may grow, how many items a term needs to get a list, and how many items were indexed.
CREATE TABLE search_top_state (
  avgdl REAL NOT NULL,
  depth INTEGER NOT NULL,
  frequent_items INTEGER NOT NULL,
  items_at_build INTEGER NOT NULL
) STRICT;
