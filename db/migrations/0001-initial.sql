-- Every object's id, whatever its kind: ids are unique across kinds by this primary key.
CREATE TABLE object (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'capture'))
) STRICT;

-- One clipped source. Its text lives in its captures; the newest capture is current.
CREATE TABLE article (
  id TEXT PRIMARY KEY REFERENCES object (id),
  url TEXT,
  source_url TEXT,
  title TEXT NOT NULL,
  byline TEXT,
  authors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors) AND json_type(authors) = 'array'),
  site_name TEXT,
  published_at TEXT,
  lang TEXT,
  dir TEXT CHECK (dir IN ('ltr', 'rtl', 'auto')),
  excerpt TEXT,
  clipped_at TEXT NOT NULL
) STRICT;

CREATE INDEX article_by_url ON article (url);
CREATE INDEX article_by_clipped_at ON article (clipped_at);

-- One immutable snapshot of an article: never updated, only added.
CREATE TABLE capture (
  id TEXT PRIMARY KEY REFERENCES object (id),
  article_id TEXT NOT NULL REFERENCES article (id),
  fetched_url TEXT,
  html TEXT NOT NULL,
  doc TEXT NOT NULL CHECK (json_valid(doc)),
  text TEXT NOT NULL,
  word_count INTEGER NOT NULL CHECK (word_count >= 0),
  content_hash TEXT NOT NULL,
  captured_at TEXT NOT NULL
) STRICT;

CREATE INDEX capture_by_article ON capture (article_id, captured_at);
