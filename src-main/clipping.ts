/**
 * Clipping, from bytes in hand to stored: extract (CPU, no writes), download the article's
 * images, then one transaction that adds a new article or a new capture of a known one.
 * Nothing is written until everything that can fail has succeeded.
 */
import { anchorAll } from './common/anchor';
import type { AnchorReport, ClipResult } from './common/model';
import { NotebookError } from './common/errors';
import { clipPage, type ClippedPage, type PageInput } from './clip/clip-page';
import { DEFAULT_DOWNLOAD_POLICY, downloadImages, type DownloadedImage, type DownloadPolicy } from './clip/download-images';
import { imageSources, mediaUrl, withLocalImages } from './clip/images';
import { isPrivateHost } from './clip/network-policy';
import { normalizeUrl } from './clip/url';
import {
  addArticleUrls,
  findArticleByUrls,
  getArticleSummary,
  insertArticle,
  setLastCheckedAt,
  updateExtractedFields,
  type ExtractedFields,
} from './store/articles';
import { insertAsset, knownArticleAssets, linkCaptureAsset } from './store/assets';
import { insertCapture, newestCapture } from './store/captures';
import { highlightSelectors, placeHighlight } from './store/highlights';
import { inTransaction, type Db } from './store/database';
import { createObjectId } from './store/objects';
import { indexArticle } from './store/search-index';

export interface PageSource extends PageInput {
  /** The address the user asked for, before redirects (it finds the article too). */
  requestedUrl?: string | null;
  lastModified?: string | null;
  etag?: string | null;
}

export interface ClipOptions {
  now: () => Date;
  downloadPolicy?: DownloadPolicy;
  /** Re-extraction makes a new capture even when the text came out the same. */
  alwaysNewCapture?: boolean;
}

export async function clipAndKeep(db: Db, source: PageSource, options: ClipOptions): Promise<ClipResult> {
  const clipped = clipPage(source);
  const addresses = [source.requestedUrl, source.fetchedUrl, clipped.url].map((url) => (url ? normalizeUrl(url) : null));
  const known = findArticleByUrls(db, addresses);
  if (known && !options.alwaysNewCapture && newestCapture(db, known)?.contentHash === clipped.contentHash) {
    setLastCheckedAt(db, known, options.now().toISOString());
    return result(db, known, 'unchanged', newestCapture(db, known)!.id, 0, []);
  }

  const policy = options.downloadPolicy ?? DEFAULT_DOWNLOAD_POLICY;
  const sources = policy.concurrency > 0 ? imageSources(clipped.doc) : [];
  const allowPrivate = sources.length > 0 && (await isPrivateHost(source.fetchedUrl ?? clipped.url));
  const stored = known ? knownArticleAssets(db, known) : new Map<string, DownloadedImage>();
  const downloads = await downloadImages(sources, { ...policy, perImage: { ...policy.perImage, allowPrivate } }, (url) => stored.get(url));
  const localFor = (src: string) => {
    const image = downloads.images.get(src);
    return image && mediaUrl(image.sha256);
  };
  const doc = withLocalImages(clipped.doc, localFor);

  const now = options.now().toISOString();
  const { articleId, captureId, outcome, anchors } = inTransaction(db, () => {
    // Another process may have clipped the same page while the images downloaded.
    const existing = findArticleByUrls(db, addresses);
    const articleId = existing ?? createObjectId(db, 'article');
    const fields = extractedFields(clipped, source.fetchedUrl);
    if (existing) updateExtractedFields(db, articleId, fields);
    else insertArticle(db, articleId, fields, now);
    addArticleUrls(db, articleId, addresses);
    const captureId = createObjectId(db, 'capture');
    insertCapture(db, captureId, {
      articleId,
      fetchedUrl: source.fetchedUrl,
      doc,
      text: clipped.text,
      wordCount: clipped.wordCount,
      contentHash: clipped.contentHash,
      capturedAt: now,
      raw: source.bytes,
      contentType: source.contentType ?? null,
      lastModified: source.lastModified ?? null,
      etag: source.etag ?? null,
      metadata: { ...clipped.article },
    });
    for (const [url, image] of downloads.images) {
      insertAsset(db, image, now);
      linkCaptureAsset(db, captureId, image.sha256, url);
    }
    const anchors = existing ? reanchorHighlights(db, articleId, captureId, clipped.text) : null;
    indexArticle(db, articleId);
    return { articleId, captureId, outcome: existing ? ('captured' as const) : ('new' as const), anchors };
  });
  return { ...result(db, articleId, outcome, captureId, downloads.images.size, downloads.failures), anchors };
}

/** Places every highlight of the article on its new capture; the report counts each outcome. */
function reanchorHighlights(db: Db, articleId: string, captureId: string, text: string): AnchorReport | null {
  const highlights = highlightSelectors(db, articleId);
  if (highlights.length === 0) return null;
  const report: AnchorReport = { exact: 0, moved: 0, fuzzy: 0, orphan: 0 };
  anchorAll(highlights.map((highlight) => highlight.selectors), text).forEach((found, index) => {
    placeHighlight(db, highlights[index].id, captureId, found);
    report[found.status]++;
  });
  return report;
}

function extractedFields(clipped: ClippedPage, fetchedUrl: string | null): ExtractedFields {
  const { article } = clipped;
  return {
    url: clipped.url,
    sourceUrl: fetchedUrl,
    title: article.title,
    byline: article.byline,
    authors: article.authors,
    siteName: article.siteName,
    publishedAt: article.publishedAt,
    modifiedAt: article.modifiedAt ?? null,
    lang: article.lang,
    dir: article.dir,
    excerpt: article.excerpt,
    doi: article.doi ?? null,
    journal: article.journal ?? null,
    publisher: article.publisher ?? null,
    pdfUrl: article.pdfUrl ?? null,
  };
}

function result(db: Db, articleId: string, outcome: ClipResult['outcome'], captureId: string, imagesSaved: number, imageFailures: ClipResult['imageFailures']): ClipResult {
  const summary = getArticleSummary(db, articleId);
  if (!summary) throw new NotebookError('internal', `The article ${articleId} was stored but cannot be read back.`);
  return { ...summary, outcome, captureId, imagesSaved, imageFailures, anchors: null };
}

