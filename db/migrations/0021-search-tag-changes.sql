-- A search for words with tag: or -tag: tested every match's tags in SQL: "tag:politics after:2018
-- government" looked up 320 matches at 100,000 articles to find the 23 whose article carries the
-- tag. A connection now keeps, for each tag it was asked for, which items the last list build
-- packed belong to an article with it (store/search-item-tags.ts), read again once this count of
-- changes to which articles carry which tag has moved.
CREATE TABLE search_tag_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  changes INTEGER NOT NULL
) STRICT;
INSERT INTO search_tag_changes (id, changes) VALUES (1, 0);

CREATE TRIGGER search_tag_given AFTER INSERT ON article_tag BEGIN
  UPDATE search_tag_changes SET changes = changes + 1;
END;
CREATE TRIGGER search_tag_taken AFTER DELETE ON article_tag BEGIN
  UPDATE search_tag_changes SET changes = changes + 1;
END;
CREATE TRIGGER search_tag_moved AFTER UPDATE ON article_tag BEGIN
  UPDATE search_tag_changes SET changes = changes + 1;
END;
-- A tag renamed: its name now finds other articles (a tag removed takes its articles' rows with it).
CREATE TRIGGER search_tag_renamed AFTER UPDATE OF name ON tag BEGIN
  UPDATE search_tag_changes SET changes = changes + 1;
END;
