-- A search for several words ranks from their lists with bm25's idf, which needs how many items
-- hold each word: FTS5 counts them by reading every place the word stands (15 ms for "the" at
-- 100,000 articles). Each list now keeps how many items of its kind held its term when it was
-- built (NULL for lists built before this column), as search_top_state keeps the items indexed
-- then and the average item length the lists' scores use (store/search-terms.ts).
ALTER TABLE search_top_list ADD COLUMN items INTEGER;
-- The lists get their counts from a build: one is due when the notebook next opens, as after a
-- build that stopped halfway (searches use FTS5's counts meanwhile).
UPDATE search_top_state SET items_at_build = 0;
