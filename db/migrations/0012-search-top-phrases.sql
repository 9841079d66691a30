-- Ranked lists also for phrases of two words where one is among the most common ("in the",
-- "according to"): FTS5 finds such a phrase by reading every place the common word stands, 60 ms
-- for "in the" at 10,000 articles. A list's shape may now be 'phrase' (its term is the two
-- words' tokens, a space apart), and the state keeps how many items a phrase needs. The lists
-- are built from the index and the items' text, so they are dropped here rather than
-- converted, and with the state gone the app builds them again (store/search-top-build.ts).
DROP TABLE search_top;
DROP TABLE search_top_list;
DROP TABLE search_top_state;

CREATE TABLE search_top_list (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight', 'note')),
  term TEXT NOT NULL,
  shape TEXT NOT NULL CHECK (shape IN ('word', 'prefix', 'pair', 'phrase')),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  UNIQUE (term, shape, kind)
) STRICT;

CREATE TABLE search_top (
  list_id INTEGER NOT NULL REFERENCES search_top_list (id) ON DELETE CASCADE,
  score REAL NOT NULL,
  item_rowid INTEGER NOT NULL REFERENCES search_item (rowid) ON DELETE CASCADE,
  PRIMARY KEY (list_id, score, item_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_top_by_item ON search_top (item_rowid);

-- One row once the lists are built: the average item length their scores used, how long a
-- list may grow, how many items a word or prefix, a pair and a phrase need to get a list, and
-- how many items were indexed.
CREATE TABLE search_top_state (
  avgdl REAL NOT NULL,
  depth INTEGER NOT NULL,
  frequent_items INTEGER NOT NULL,
  frequent_pairs INTEGER NOT NULL,
  frequent_phrases INTEGER NOT NULL,
  items_at_build INTEGER NOT NULL
) STRICT;
