/**
 * What a site: filter means, wherever it is applied: the host itself or any host under it
 * (example.org matches news.example.org; "www." is ignored), or the site's name, in any case.
 */
export function siteCondition(hostColumn: string, siteNameExpression: string, value: string): { sql: string; params: unknown[] } {
  const site = value.trim().toLowerCase().replace(/^www\./, '');
  const escaped = site.replace(/[\\%_]/g, (character) => `\\${character}`);
  return {
    sql: `(${hostColumn} = ? OR ${hostColumn} LIKE ? ESCAPE '\\' OR lower(${siteNameExpression}) = ?)`,
    params: [site, `%.${escaped}`, site],
  };
}
