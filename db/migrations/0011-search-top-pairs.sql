-- Ranked lists also for the character pairs of text written without spaces (東京, 通信): a
-- search of two such characters is one pair in the `unspaced` column (common/unspaced.ts),
-- scored in that column alone, and a pair found in a thousand items already takes FTS5 tens of
-- milliseconds to rank. A list now says which of three it is: a word, the words a prefix
-- begins, or a pair. The lists are built from the index, so they are dropped here rather than
-- converted, and with the state gone the app builds them again (store/search-top-build.ts).
DROP TABLE search_top;
DROP TABLE search_top_list;
DROP TABLE search_top_state;

CREATE TABLE search_top_list (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight', 'note')),
  term TEXT NOT NULL,
  shape TEXT NOT NULL CHECK (shape IN ('word', 'prefix', 'pair')),
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
-- list may grow, how many items a word or prefix needs to get a list and how many a pair needs,
-- and how many items were indexed.
CREATE TABLE search_top_state (
  avgdl REAL NOT NULL,
  depth INTEGER NOT NULL,
  frequent_items INTEGER NOT NULL,
  frequent_pairs INTEGER NOT NULL,
  items_at_build INTEGER NOT NULL
) STRICT;
