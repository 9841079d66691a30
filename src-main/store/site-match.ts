/**
 * What a site: filter means, wherever it is applied: the host itself or any host under it
 * (example.org matches news.example.org; "www." is ignored), or the site's name, in any case.
 */
/** An article's site name as corrected, lower-cased: the expression article_by_site indexes (0006). */
const SITE_NAME = "lower(coalesce(json_extract(x.corrections, '$.siteName'), x.site_name))";

/** The rule as a test of one row: its host, or its article's name. */
export function siteCondition(hostColumn: string, articleIdColumn: string, value: string): { sql: string; params: unknown[] } {
  const { site, under } = siteKeys(value);
  return {
    // The names are looked up once, from article_by_site: joining each row to its article to
    // read the name would cost more than the rest of the test.
    sql: `(${hostColumn} = ? OR ${hostColumn} LIKE ? ESCAPE '\\' OR ${articleIdColumn} IN (SELECT x.id FROM article x WHERE ${SITE_NAME} = ?))`,
    params: [site, under, site],
  };
}

/**
 * The same rule as a query of article ids, for the library: both halves are read from indexes
 * (search_item's hosts, article_by_site's names), where testing each article of a large
 * library in turn reads every row.
 */
export function articlesOfSite(value: string): { sql: string; params: unknown[] } {
  const { site, under } = siteKeys(value);
  return {
    sql: `SELECT s.article_id FROM search_item s WHERE s.kind = 'article' AND (s.host = ? OR s.host LIKE ? ESCAPE '\\')
          UNION SELECT x.id FROM article x WHERE ${SITE_NAME} = ?`,
    params: [site, under, site],
  };
}

function siteKeys(value: string): { site: string; under: string } {
  const site = value.trim().toLowerCase().replace(/^www\./, '');
  return { site, under: `%.${site.replace(/[\\%_]/g, (character) => `\\${character}`)}` };
}
