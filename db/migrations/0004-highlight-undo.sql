-- A deleted highlight is kept for a day so the reader can undo the deletion; the notebook
-- removes it for good when it is next opened after that (see store/highlights.ts).
ALTER TABLE highlight ADD COLUMN deleted_at TEXT;
CREATE INDEX highlight_deleted ON highlight (deleted_at) WHERE deleted_at IS NOT NULL;
