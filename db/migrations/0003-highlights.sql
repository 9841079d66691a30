-- Highlights: selectors over the text of the capture they were made on (see common/anchor.ts),
-- and where each one sits on every later capture of its article.
CREATE TABLE highlight (
  id TEXT PRIMARY KEY REFERENCES object (id),
  article_id TEXT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  capture_id TEXT NOT NULL REFERENCES capture (id) ON DELETE CASCADE,
  exact TEXT NOT NULL CHECK (length(exact) > 0),
  prefix TEXT NOT NULL,
  suffix TEXT NOT NULL,
  start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
  end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
  color TEXT NOT NULL CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
  comment TEXT,
  is_claim INTEGER NOT NULL DEFAULT 0 CHECK (is_claim IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX highlight_by_article ON highlight (article_id);

CREATE TABLE highlight_anchor (
  highlight_id TEXT NOT NULL REFERENCES highlight (id) ON DELETE CASCADE,
  capture_id TEXT NOT NULL REFERENCES capture (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('exact', 'moved', 'fuzzy', 'orphan')),
  start_offset INTEGER,
  end_offset INTEGER,
  score REAL,
  PRIMARY KEY (highlight_id, capture_id),
  CHECK ((status = 'orphan') = (start_offset IS NULL))
) STRICT;
CREATE INDEX highlight_anchor_by_capture ON highlight_anchor (capture_id);
