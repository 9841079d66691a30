-- Every kind of object the notebook will hold. SQLite cannot alter a CHECK, so the table is
-- rebuilt (migrations run with foreign keys off and check them before committing).
CREATE TABLE object_next (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'capture', 'tag', 'highlight', 'note', 'link'))
) STRICT;
INSERT INTO object_next (id, kind) SELECT id, kind FROM object;
DROP TABLE object;
ALTER TABLE object_next RENAME TO object;

-- Metadata beyond Readability, the user's corrections (kept across re-clips), reading state, trash.
ALTER TABLE article ADD COLUMN modified_at TEXT;
ALTER TABLE article ADD COLUMN doi TEXT;
ALTER TABLE article ADD COLUMN journal TEXT;
ALTER TABLE article ADD COLUMN pdf_url TEXT;
ALTER TABLE article ADD COLUMN publisher TEXT;
ALTER TABLE article ADD COLUMN corrections TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(corrections) AND json_type(corrections) = 'object');
ALTER TABLE article ADD COLUMN reading_state TEXT NOT NULL DEFAULT 'unread' CHECK (reading_state IN ('unread', 'read', 'archived'));
ALTER TABLE article ADD COLUMN trashed_at TEXT;
ALTER TABLE article ADD COLUMN last_checked_at TEXT;

-- The normalised addresses an article is known by (requested, final, canonical): a clip of
-- any of them adds a capture to that article instead of a second article.
CREATE TABLE article_url (
  url TEXT PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES article (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX article_url_by_article ON article_url (article_id);
INSERT OR IGNORE INTO article_url (url, article_id) SELECT url, id FROM article WHERE url IS NOT NULL;
INSERT OR IGNORE INTO article_url (url, article_id) SELECT source_url, id FROM article WHERE source_url IS NOT NULL;

-- Provenance: the page as fetched (gzip), what the server said about it, and the metadata
-- extracted from this capture.
ALTER TABLE capture ADD COLUMN raw BLOB;
ALTER TABLE capture ADD COLUMN content_type TEXT;
ALTER TABLE capture ADD COLUMN last_modified TEXT;
ALTER TABLE capture ADD COLUMN etag TEXT;
ALTER TABLE capture ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata));

-- Images, stored once per content hash, and which captures use them.
CREATE TABLE asset (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  mime TEXT NOT NULL,
  bytes BLOB NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE capture_asset (
  capture_id TEXT NOT NULL REFERENCES capture (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL REFERENCES asset (sha256),
  original_url TEXT NOT NULL,
  PRIMARY KEY (capture_id, original_url)
) STRICT;
CREATE INDEX capture_asset_by_sha ON capture_asset (sha256);

CREATE TABLE tag (
  id TEXT PRIMARY KEY REFERENCES object (id),
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE article_tag (
  article_id TEXT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  tag_id TEXT NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
) STRICT;
CREATE INDEX article_tag_by_tag ON article_tag (tag_id);
