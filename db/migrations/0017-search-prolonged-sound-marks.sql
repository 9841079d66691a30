-- The index's `unspaced` column now keeps a run of kana whole across its prolonged sound marks
-- (ー, ｰ: common/unspaced.ts), where it cut the run at each one: コーヒー was indexed as コ and ヒ.
-- Which items hold one cannot be read from a contentless index, so any notebook with an index has
-- it built again when the app next opens it (a notebook with highlights or notes already had it
-- built again for 0016).
UPDATE search_rebuild SET needed = 1 WHERE EXISTS (SELECT 1 FROM search_item);
