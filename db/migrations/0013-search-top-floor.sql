-- Adding an item to the ranked lists asked every list of the item's terms for its lowest score:
-- one seek into search_top per list, where an article of 1,000 words has about 3,000 lists at
-- 100,000 articles (13 of the 21 ms that lookup took). Each list now keeps a floor, a score no
-- entry of it is below (store/search-top.ts keeps it; NULL while the list is empty).
ALTER TABLE search_top_list ADD COLUMN floor REAL;
UPDATE search_top_list SET floor = (SELECT min(score) FROM search_top WHERE list_id = search_top_list.id);
