-- The walks over a phrase's parts read each list's entries in search's order, which breaks ties on
-- score by the item's date: each entry now keeps that date, so a page of a list is read from its
-- index alone, not joined entry by entry to its item (the walks for セキュリティ and the like took
-- 4.3 ms at 100,000 articles, now 2.5). The lists are built from the index, so they are dropped
-- here rather than converted, and with the state gone the app builds them again, with the words'
-- postings below (store/search-top-build.ts).
DROP TABLE search_top;
DROP TABLE search_top_list;
DROP TABLE search_top_state;

CREATE TABLE search_top_list (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'highlight', 'note')),
  term TEXT NOT NULL,
  shape TEXT NOT NULL CHECK (shape IN ('word', 'prefix', 'pair', 'phrase')),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  -- A score no entry is below (0013); NULL while the list is empty.
  floor REAL,
  -- How many items of the kind held the term at the build (0015).
  items INTEGER,
  UNIQUE (term, shape, kind)
) STRICT;

CREATE TABLE search_top (
  list_id INTEGER NOT NULL REFERENCES search_top_list (id) ON DELETE CASCADE,
  score REAL NOT NULL,
  date TEXT NOT NULL,
  item_rowid INTEGER NOT NULL REFERENCES search_item (rowid) ON DELETE CASCADE,
  PRIMARY KEY (list_id, score, date, item_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_top_by_item ON search_top (item_rowid);

CREATE TABLE search_top_state (
  avgdl REAL NOT NULL,
  depth INTEGER NOT NULL,
  frequent_items INTEGER NOT NULL,
  frequent_pairs INTEGER NOT NULL,
  frequent_phrases INTEGER NOT NULL,
  items_at_build INTEGER NOT NULL
) STRICT;

-- A search for two frequent words ("government people", "climate change") was ranked from the
-- words' lists, but the items that hold both words best are often in neither list: the walk
-- then read item after item, or gave up and left FTS5 to rank 25,000 matches (80 ms at 100,000
-- articles). Each word's list of a kind now comes with the word's postings: every item of the
-- kind that held the word when the list was built, in rowid order, with the word's weighted
-- frequency in it and its length (store/search-postings.ts), so the matches of several words
-- are found and scored without FTS5. `through` is the last rowid of the kind the build had read.
CREATE TABLE search_postings (
  list_id INTEGER PRIMARY KEY REFERENCES search_top_list (id) ON DELETE CASCADE,
  through INTEGER NOT NULL,
  postings BLOB NOT NULL
) STRICT;

-- The postings of the items indexed after `through` (an item indexed again takes a new rowid, so
-- a changed item is one of them), a row for each word list an item enters, until the next build
-- packs them with the rest.
CREATE TABLE search_postings_late (
  list_id INTEGER NOT NULL REFERENCES search_top_list (id) ON DELETE CASCADE,
  item_rowid INTEGER NOT NULL REFERENCES search_item (rowid) ON DELETE CASCADE,
  frequency INTEGER NOT NULL,
  length INTEGER NOT NULL,
  PRIMARY KEY (list_id, item_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_postings_late_by_item ON search_postings_late (item_rowid);

-- A search whose filters keep few of a word's matches ("tag:science is:claim color:blue after:2020
-- water": 10 of 14,000 at 100,000 articles) reads the items that pass them from this index rather
-- than checking every match in turn (store/search-terms.ts).
CREATE INDEX search_item_by_claim_color_date ON search_item (kind, is_claim, color, date);

-- The last rowid each kind has given out: the postings may still hold an item that is gone, so
-- its rowid is never given to another (store/search-index.ts).
CREATE TABLE search_rowids_given (
  kind TEXT PRIMARY KEY CHECK (kind IN ('article', 'highlight', 'note')),
  last INTEGER NOT NULL
) STRICT;
INSERT INTO search_rowids_given (kind, last)
SELECT kind, max(rowid) FROM search_item GROUP BY kind;
