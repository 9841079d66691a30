-- Claims restated, links between passages, and notes with what they reference.

-- A claim in the researcher's own words (the quote stays what the page says).
ALTER TABLE highlight ADD COLUMN statement TEXT;

-- "from <relation> to" between two highlights. supports and contradicts read one way;
-- contradicts, same_as and related join a pair once whichever way it was made (the service
-- refuses the mirror of one that exists). A link goes with either of its highlights when that
-- highlight is removed for good; a deleted highlight that links point at is kept (see
-- store/highlights.ts, purgeDeletedHighlights) so they can still show its quote.
CREATE TABLE link (
  id TEXT PRIMARY KEY REFERENCES object (id),
  from_id TEXT NOT NULL REFERENCES highlight (id) ON DELETE CASCADE,
  to_id TEXT NOT NULL REFERENCES highlight (id) ON DELETE CASCADE,
  relation TEXT NOT NULL CHECK (relation IN ('supports', 'contradicts', 'same_as', 'related')),
  rationale TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (from_id <> to_id),
  UNIQUE (from_id, to_id, relation)
) STRICT;
CREATE INDEX link_by_to ON link (to_id);

-- A note: its Tiptap document (common/note-schema.ts) and that document's plain text.
CREATE TABLE note (
  id TEXT PRIMARY KEY REFERENCES object (id),
  title TEXT NOT NULL,
  doc TEXT NOT NULL CHECK (json_valid(doc)),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX note_by_updated ON note (updated_at);

-- What each note references or quotes, rewritten from its document on every save. No foreign
-- key on the target: a reference outlives what it points at and keeps its label.
CREATE TABLE note_ref (
  note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
  target_id TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('highlight', 'article', 'note')),
  -- The article to open: the target's own for a highlight, the target for an article.
  article_id TEXT,
  label TEXT NOT NULL,
  PRIMARY KEY (note_id, target_id)
) STRICT;
CREATE INDEX note_ref_by_target ON note_ref (target_id);
