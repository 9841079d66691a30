-- The library sorts by what the reader sees: an article's corrected title, date and site
-- when the user corrected them, else what extraction found. These indexes let a sorted page
-- of a large library be read without sorting every article.
CREATE INDEX article_by_title ON article (coalesce(json_extract(corrections, '$.title'), title) COLLATE NOCASE);
CREATE INDEX article_by_published ON article (coalesce(json_extract(corrections, '$.publishedAt'), published_at));
CREATE INDEX article_by_site ON article (lower(coalesce(json_extract(corrections, '$.siteName'), site_name)));
CREATE INDEX highlight_claims ON highlight (article_id) WHERE is_claim = 1 AND deleted_at IS NULL;
