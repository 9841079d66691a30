/**
 * A library of many articles for the e2e tests, written in a real notebook through the
 * store's own functions (as a clip would leave them: article, address, capture, search
 * item, tags, highlights), in one transaction: 1,500 articles take about a second, where
 * clipping them through the HTTP API would take a minute.
 */
import { createHash } from 'node:crypto';
import { describeRange } from '../../src-main/common/anchor';
import type { DocNode } from '../../src-main/common/model';
import { countWords, docToText } from '../../src-main/common/text';
import { openNotebook } from '../../src-main/notebook';
import { addArticleUrls, insertArticle } from '../../src-main/store/articles';
import { insertCapture } from '../../src-main/store/captures';
import { inTransaction } from '../../src-main/store/database';
import { insertHighlight } from '../../src-main/store/highlights';
import { createObjectId } from '../../src-main/store/objects';
import { indexArticle } from '../../src-main/store/search-index';
import { addArticleTags } from '../../src-main/store/tags';

const TOPICS = ['Rivers', 'Aquifers', 'Orchards', 'Harbours', 'Glaciers', 'Wetlands', 'Deltas', 'Moorland', 'Estuaries', 'Canals', 'Reservoirs'];
const SITES: Array<[host: string, name: string]> = [
  ['harbour.example.org', 'Harbour Weekly'],
  ['news.water.example.com', 'Water News'],
  ['maps.example.net', 'Atlas'],
  ['fieldnotes.example.org', 'Field Notes'],
];

export interface SeededArticle {
  id: string;
  title: string;
  site: string;
  clippedAt: string;
  tags: string[];
}

/** The tags of the n-th article: a few tags on a regular share of the library. */
export function seedTags(n: number): string[] {
  return [n % 10 === 0 && 'rivers', n % 15 === 0 && 'policy', n % 40 === 0 && 'draft', n % 50 === 0 && 'drafts'].filter(Boolean) as string[];
}

/** Fills `dataDir` with `count` articles, the n-th clipped n hours after the first; returns them oldest first. */
export function seedLibrary(dataDir: string, count: number): SeededArticle[] {
  const notebook = openNotebook(dataDir);
  const articles: SeededArticle[] = [];
  const started = Date.parse('2025-01-01T08:00:00Z');
  try {
    inTransaction(notebook.db, () => {
      const db = notebook.db;
      for (let n = 0; n < count; n++) {
        const topic = TOPICS[n % TOPICS.length];
        const [host, siteName] = SITES[n % SITES.length];
        const title = `${topic} in the long view, part ${String(n + 1).padStart(4, '0')}`;
        const paragraphs = [
          `${title} opens with a plain account of what changed along the water.`,
          `A second paragraph about ${topic.toLowerCase()} gives the article some length to read.`,
        ];
        const doc: DocNode = { type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) };
        const text = docToText(doc);
        const clippedAt = new Date(started + n * 3_600_000).toISOString();
        const url = `https://${host}/${n + 1}`;
        const id = createObjectId(db, 'article');
        insertArticle(
          db,
          id,
          {
            url, sourceUrl: url, title, byline: `By Ada Writer ${n % 7}`, authors: [`Ada Writer ${n % 7}`], siteName,
            publishedAt: n % 3 === 0 ? null : new Date(started - n * 86_400_000).toISOString().slice(0, 10), modifiedAt: null,
            lang: 'en', dir: 'ltr', excerpt: paragraphs[0], doi: null, journal: null, publisher: null, pdfUrl: null,
          },
          clippedAt,
        );
        addArticleUrls(db, id, [url]);
        const captureId = createObjectId(db, 'capture');
        insertCapture(db, captureId, {
          articleId: id, fetchedUrl: url, doc, text,
          wordCount: countWords(text) * 40, contentHash: createHash('sha256').update(text).digest('hex'), capturedAt: clippedAt,
          raw: null, contentType: 'text/html', lastModified: null, etag: null, metadata: {},
        });
        const tags = seedTags(n);
        if (tags.length > 0) addArticleTags(db, id, tags);
        if (n % 25 === 0) {
          const start = text.indexOf('plain account');
          insertHighlight(db, createObjectId(db, 'highlight'), { articleId: id, captureId, selectors: describeRange(text, start, start + 'plain account'.length), color: 'yellow', comment: null, isClaim: n % 100 === 0 }, clippedAt);
        }
        indexArticle(db, id);
        articles.push({ id, title, site: siteName, clippedAt, tags });
      }
    });
  } finally {
    notebook.close();
  }
  return articles;
}
