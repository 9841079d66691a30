-- Each kind of item now takes its rowids from a range of its own (store/search-rowids.ts): articles
-- below 2^40, highlights from 2^40, notes from 2^41. FTS5 reads a rowid range from its index, so a
-- search among one kind's items no longer reads the other kinds' matches. Rowids cannot move in a
-- contentless index: a notebook with a highlight or a note indexed below 2^40 has its index built
-- again, with the new ranges, when the app next opens it (store/search-index.ts).
UPDATE search_rebuild SET needed = 1
WHERE EXISTS (SELECT 1 FROM search_item WHERE kind <> 'article' AND rowid < 1099511627776);
