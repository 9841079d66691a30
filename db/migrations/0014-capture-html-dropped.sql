-- A capture kept its article twice: as the sanitized HTML and as the document the reader loads,
-- made from that HTML. Only `show --json` read the HTML, and it now writes it from the document
-- (export/doc-html.ts). The HTML was a quarter of a capture's bytes, and writing it out a
-- sixth of the time a clip spends storing.
-- SQLite rewrites every capture to drop it; the file keeps its size, and the pages freed are
-- filled by later captures.
ALTER TABLE capture DROP COLUMN html;
