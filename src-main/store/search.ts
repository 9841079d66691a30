/**
 * Runs a parsed search query (common/search-query.ts) against the index: one MATCH built
 * only from quoted tokens, filters as SQL with `?` parameters, trashed articles and what
 * belongs to them left out. Ranked by bm25 with the title weighted above the rest, newer
 * first among equals; a query of filters alone lists newest first.
 */
import { ftsString, substringClauses, toFtsExclusion, toFtsMatch, type SearchFilter, type SearchQuery } from '../common/search-query';
import { unspacedMatch } from '../common/unspaced';
import type { Db } from './database';
import { siteCondition } from './site-match';

export type IndexedKind = 'article' | 'highlight' | 'note';

export interface SearchRow {
  objectId: string;
  kind: IndexedKind;
  articleId: string | null;
  date: string;
  isClaim: boolean;
}

/** Column weights for bm25: title, byline, site, body, unspaced. */
const WEIGHTS = '10.0, 3.0, 3.0, 1.0, 1.0';

interface Condition {
  sql: string;
  params: unknown[];
}

function inIndex(match: string): Condition {
  return { sql: 'i.rowid IN (SELECT rowid FROM search_words WHERE search_words MATCH ?)', params: [match] };
}

function filterCondition(filter: SearchFilter): Condition {
  switch (filter.field) {
    case 'tag':
      return { sql: 'i.article_id IN (SELECT x.article_id FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE t.name = ?)', params: [filter.value] };
    case 'site':
      return siteCondition('i.host', "coalesce(json_extract(a.corrections, '$.siteName'), a.site_name)", filter.value);
    case 'author':
      return {
        sql: "i.article_id IN (SELECT s.article_id FROM search_words CROSS JOIN search_item s ON s.rowid = search_words.rowid WHERE search_words MATCH ? AND s.kind = 'article')",
        params: [`{byline} : ${ftsString(filter.value)}`],
      };
    case 'is':
      if (filter.value === 'claim') return { sql: "(i.kind = 'highlight' AND i.is_claim = 1)", params: [] };
      return { sql: 'i.kind = ?', params: [filter.value] };
    case 'color':
      return { sql: 'i.color = ?', params: [filter.value] };
    case 'rel':
      // Links between claims do not exist yet, so nothing is linked by any relation.
      return { sql: '0', params: [] };
    case 'before':
      return { sql: 'i.date < ?', params: [filter.value] };
    case 'after':
      return { sql: 'i.date >= ?', params: [filter.value] };
  }
}

/** The MATCH expression for everything positive the query looks for, or null when it is filters only. */
function positiveMatch(query: SearchQuery): string | null {
  const parts: string[] = [];
  const words = toFtsMatch(query);
  if (words) parts.push(`(${words})`);
  for (const clause of substringClauses(query)) {
    if (clause.negated) continue;
    const alternatives = [...clause.substrings.map(unspacedMatch).filter((match): match is string => match !== null), ...(clause.orMatch ? [clause.orMatch] : [])];
    if (alternatives.length > 0) parts.push(`(${alternatives.join(' OR ')})`);
  }
  return parts.length > 0 ? parts.join(' AND ') : null;
}

function conditionsOf(query: SearchQuery): Condition[] {
  const conditions: Condition[] = [];
  const exclusion = toFtsExclusion(query);
  if (exclusion) conditions.push({ ...inIndex(exclusion), sql: `NOT ${inIndex(exclusion).sql}` });
  for (const clause of substringClauses(query)) {
    if (!clause.negated) continue;
    for (const substring of clause.substrings) {
      const match = unspacedMatch(substring);
      if (match) conditions.push({ sql: `NOT ${inIndex(match).sql}`, params: [match] });
    }
  }
  for (const clause of query.clauses) {
    if (clause.kind !== 'filter') continue;
    const condition = filterCondition(clause);
    conditions.push(clause.negated ? { sql: `NOT (${condition.sql})`, params: condition.params } : condition);
  }
  return conditions;
}

/** The best `limit` items of one kind for the query. */
export function searchKind(db: Db, query: SearchQuery, kind: IndexedKind, limit: number): SearchRow[] {
  const match = positiveMatch(query);
  const conditions = [{ sql: 'i.kind = ?', params: [kind] }, { sql: 'a.trashed_at IS NULL', params: [] }, ...conditionsOf(query)];
  const where = conditions.map((condition) => condition.sql).join(' AND ');
  const params = conditions.flatMap((condition) => condition.params);
  const columns = 'i.object_id AS objectId, i.kind, i.article_id AS articleId, i.date, i.is_claim AS isClaim';
  // CROSS JOIN (here and in author:) because SQLite never reorders it: the MATCH runs once and
  // each match finds its item by rowid. Left to choose, the planner guesses that `kind = ?`
  // selects a handful of items and runs the MATCH again for every item of the kind: 1 s for
  // "water" and 16 s for "the" over 10,000 articles and 100,000 highlights
  // (tests/bench/search-scale.ts), where this order takes milliseconds.
  const sql = match
    ? `SELECT ${columns} FROM search_words CROSS JOIN search_item i ON i.rowid = search_words.rowid LEFT JOIN article a ON a.id = i.article_id
       WHERE search_words MATCH ? AND ${where} ORDER BY bm25(search_words, ${WEIGHTS}), i.date DESC LIMIT ?`
    : `SELECT ${columns} FROM search_item i LEFT JOIN article a ON a.id = i.article_id WHERE ${where} ORDER BY i.date DESC, i.rowid DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...(match ? [match] : []), ...params, limit) as Array<Omit<SearchRow, 'isClaim'> & { isClaim: number }>;
  return rows.map((row) => ({ ...row, isClaim: row.isClaim === 1 }));
}
