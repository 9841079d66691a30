/**
 * Claims as the claims view and the graph see them: each claim with the passages that bear
 * on it. "supports" counts the passages pointing at the claim; "contradicts" counts either
 * way round, since a contradiction sets both passages against each other. Deleted passages
 * and claims of trashed articles are left out.
 */
import type { ClaimGraph, ClaimSort, ClaimSummary, LinkRelation } from '../common/model';
import type { Db } from './database';
import { PASSAGE_COLUMNS, toPassage, type PassageRow } from './passages';
import { articlesOfSite } from './site-match';
import { prepared } from './statements';

export interface ClaimFilter {
  contested?: boolean;
  tag?: string;
  articleId?: string;
  site?: string;
}

/** The live passage at the other end of link `l` from claim `h`. */
const OTHER_SIDE = `highlight o ON o.id = CASE WHEN l.to_id = h.id THEN l.from_id ELSE l.to_id END AND o.deleted_at IS NULL`;
const SUPPORTING = `(l.to_id = h.id AND l.relation = 'supports')`;
const CONTRADICTING = `((l.to_id = h.id OR l.from_id = h.id) AND l.relation = 'contradicts')`;
const TOUCHES_CLAIM = `(l.to_id = h.id OR l.from_id = h.id)`;

const CLAIM_ROWS = `
  SELECT ${PASSAGE_COLUMNS}, h.created_at,
    (SELECT count(DISTINCT o.id) FROM link l JOIN ${OTHER_SIDE} WHERE ${SUPPORTING}) AS supporting,
    (SELECT count(DISTINCT o.id) FROM link l JOIN ${OTHER_SIDE} WHERE ${CONTRADICTING}) AS contradicting,
    (SELECT count(DISTINCT o.article_id) FROM link l JOIN ${OTHER_SIDE} WHERE ${SUPPORTING} OR ${CONTRADICTING}) AS sources,
    (SELECT count(*) FROM link l JOIN ${OTHER_SIDE} WHERE ${TOUCHES_CLAIM}) AS link_count
  FROM highlight h INDEXED BY highlight_claims JOIN article a ON a.id = h.article_id
  WHERE h.is_claim = 1 AND h.deleted_at IS NULL AND a.trashed_at IS NULL`;

type ClaimRow = PassageRow & { created_at: string; supporting: number; contradicting: number; sources: number; link_count: number };

const ORDER: Record<ClaimSort, string> = {
  linked: 'link_count DESC, created_at DESC, id',
  recent: 'created_at DESC, id',
};

export function listClaims(db: Db, filter: ClaimFilter, sort: ClaimSort = 'linked'): ClaimSummary[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.articleId) {
    conditions.push('h.article_id = ?');
    params.push(filter.articleId);
  }
  if (filter.tag) {
    conditions.push('h.article_id IN (SELECT x.article_id FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE t.name = ?)');
    params.push(filter.tag);
  }
  if (filter.site) {
    const site = articlesOfSite(filter.site);
    conditions.push(`h.article_id IN (${site.sql})`);
    params.push(...site.params);
  }
  const where = conditions.map((condition) => ` AND ${condition}`).join('');
  const contested = filter.contested ? ' WHERE supporting > 0 AND contradicting > 0' : '';
  const rows = prepared(db, `SELECT * FROM (${CLAIM_ROWS}${where})${contested} ORDER BY ${ORDER[sort]}`).all(...params) as ClaimRow[];
  return rows.map((row) => ({
    ...toPassage(row),
    createdAt: row.created_at,
    supporting: row.supporting,
    contradicting: row.contradicting,
    sources: row.sources,
    linkCount: row.link_count,
  }));
}

/** Every live claim, the live passages linked to one, and the links between them. */
export function claimGraph(db: Db): ClaimGraph {
  const claims = prepared(db,
      `SELECT ${PASSAGE_COLUMNS} FROM highlight h INDEXED BY highlight_claims JOIN article a ON a.id = h.article_id
       WHERE h.is_claim = 1 AND h.deleted_at IS NULL AND a.trashed_at IS NULL ORDER BY h.created_at`,
    )
    .all() as PassageRow[];
  const edges = prepared(db,
      `SELECT DISTINCT l.id, l.from_id AS "from", l.to_id AS "to", l.relation, l.rationale
       FROM highlight h INDEXED BY highlight_claims JOIN article a ON a.id = h.article_id
         JOIN link l ON ${TOUCHES_CLAIM}
         JOIN ${OTHER_SIDE} JOIN article oa ON oa.id = o.article_id AND oa.trashed_at IS NULL
       WHERE h.is_claim = 1 AND h.deleted_at IS NULL AND a.trashed_at IS NULL ORDER BY l.created_at, l.id`,
    )
    .all() as Array<{ id: string; from: string; to: string; relation: LinkRelation; rationale: string | null }>;
  const known = new Set(claims.map((claim) => claim.id));
  const others = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].filter((id) => !known.has(id));
  const linked = others.length
    ? (prepared(db, `SELECT ${PASSAGE_COLUMNS} FROM highlight h JOIN article a ON a.id = h.article_id WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.created_at`)
        .all(JSON.stringify(others)) as PassageRow[])
    : [];
  return { nodes: [...claims, ...linked].map(toPassage), edges };
}
