/** Reads what an export needs from the notebook, as plain data (vault-data.ts). */
import type { ExportRequest } from '../common/export-model';
import { NotebookError } from '../common/errors';
import type { DocNode, Highlight } from '../common/model';
import { getArticleSummary, listArticleSummaries } from '../store/articles';
import { getAsset } from '../store/assets';
import { newestCapture } from '../store/captures';
import type { Db } from '../store/database';
import { linksTouching } from '../store/links';
import { listNoteDocuments } from '../store/notes';
import type { ExportArticle, VaultData } from './vault-data';

/**
 * An article's newest capture and its highlights placed there, in reading order (the service
 * places them); null when it has no capture.
 */
export type PlacedHighlightsOf = (articleId: string) => { captureId: string; highlights: Highlight[] } | null;

export function gatherVault(db: Db, request: ExportRequest, placedHighlightsOf: PlacedHighlightsOf): VaultData {
  const summaries = request.articleId
    ? [getArticleSummary(db, request.articleId) ?? notFound(`No article has the id ${request.articleId}.`, 'articleId')]
    : listArticleSummaries(db, { trashed: false, ...(request.tag ? { tag: request.tag } : {}) }, { sort: 'title' });
  if (request.tag && summaries.length === 0) notFound(`No article in the library has the tag “${request.tag}”.`, 'tag');
  const articles: ExportArticle[] = summaries.map((summary) => {
    const { captureId, highlights } = placedHighlightsOf(summary.id)!;
    return { summary, captureId, doc: request.fullText ? newestCapture(db, summary.id)!.doc : null, highlights };
  });
  const wholeNotebook = !request.articleId && !request.tag;
  const notes = wholeNotebook ? listNoteDocuments(db) : [];
  const highlightIds = new Set(articles.flatMap((article) => article.highlights.map((highlight) => highlight.id)));
  const assets = new Map<string, { mime: string; bytes: Buffer }>();
  for (const article of articles) {
    for (const sha256 of article.doc ? localImages(article.doc) : []) {
      const asset = assets.has(sha256) ? undefined : getAsset(db, sha256);
      if (asset) assets.set(sha256, { mime: asset.mime, bytes: asset.bytes });
    }
  }
  return { articles, notes, links: linksTouching(db, highlightIds), assets };
}

function localImages(doc: DocNode): string[] {
  const found: string[] = [];
  const visit = (node: DocNode) => {
    const src = node.type === 'image' ? String(node.attrs?.src ?? '') : '';
    const match = /^\/media\/([0-9a-f]{64})$/.exec(src);
    if (match) found.push(match[1]);
    node.content?.forEach(visit);
  };
  visit(doc);
  return found;
}

function notFound(message: string, field: string): never {
  throw new NotebookError('not_found', message, field);
}
