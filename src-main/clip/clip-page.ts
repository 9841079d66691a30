/**
 * The CPU part of clipping, with no network and no store: page bytes in, everything the
 * notebook keeps out. Every rejection is a specific NotebookError.
 */
import { createHash } from 'node:crypto';
import { NotebookError } from '../common/errors';
import type { DocNode } from '../common/model';
import { countWords, docToText } from '../common/text';
import { decodeHtml, looksBinary, looksLikePdf } from './decode';
import { canonicalUrl, extractArticle, parseDocument, setDocumentUrl, type ExtractedArticle } from './extract';
import { prepareImages } from './images';
import { sanitizeArticleHtml } from './sanitize';
import { htmlToDoc } from './to-doc';

export interface PageInput {
  bytes: Uint8Array;
  contentType?: string | null;
  /** The address the bytes came from; null for a file. */
  fetchedUrl: string | null;
  /** What to call the input in messages (a URL or a file name). */
  label: string;
}

export interface ClippedPage {
  article: ExtractedArticle;
  /** The address to know the article by: canonical URL, else the fetched one. */
  url: string | null;
  html: string;
  doc: DocNode;
  text: string;
  wordCount: number;
  contentHash: string;
}

/** Deeper than any real page (browsers cap their tree at 512); the readers recurse over the tree. */
const MAX_NESTING = 1000;

/**
 * One pass in document order, stopping at the limit. It keeps the path from the root to the
 * element before: an element's parent is on that path, so its depth is the path's length.
 */
function nestingExceeds(document: ReturnType<typeof parseDocument>, limit: number): boolean {
  const root = document.documentElement;
  if (!root) return false;
  const walker = document.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  const path: unknown[] = [root];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    while (path.length > 1 && path[path.length - 1] !== node.parentNode) path.pop();
    path.push(node);
    if (path.length > limit) return true;
  }
  return false;
}

const HTML_SIGNATURE = /<(!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|title|meta)\b/i;

export function clipPage(input: PageInput): ClippedPage {
  const { bytes, label } = input;
  if (looksLikePdf(bytes)) throw new NotebookError('pdf_not_supported', `${label} is a PDF: PDF is not supported yet.`);
  if (looksBinary(bytes)) throw new NotebookError('not_html', `${label} is binary data, not an HTML page.`);
  const source = decodeHtml(bytes, input.contentType);
  if (!source.trim()) throw new NotebookError('empty_page', `${label} is empty.`);
  if (!HTML_SIGNATURE.test(source.slice(0, 65536))) {
    throw new NotebookError('not_html', `${label} does not look like an HTML page.`);
  }
  try {
    return extractFromSource(source, input);
  } catch (error) {
    // Readability and the parsers recurse over the tree: a page nested tens of thousands deep
    // (no real article is) overflows the stack. Say so instead of reporting an internal error.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new NotebookError('too_deep', `${label} nests its elements too deeply to be read (no real article does); it was not clipped.`);
    }
    throw error;
  }
}

function extractFromSource(source: string, input: PageInput): ClippedPage {
  const { article, baseUrl } = readArticle(source, input);
  const html = sanitizeArticleHtml(article.contentHtml, baseUrl);
  const doc = htmlToDoc(html);
  const text = docToText(doc);
  if (!text.trim()) throw new NotebookError('no_article', `No readable article was found in ${input.label}.`);
  return {
    article,
    url: article.canonicalUrl ?? input.fetchedUrl,
    html,
    doc,
    text,
    wordCount: countWords(text),
    contentHash: createHash('sha256').update(JSON.stringify(doc)).digest('hex'),
  };
}

/**
 * The page's article and the base URL its links resolve against. The parsed page is large and
 * is not needed after this: it stays local here, so the collector can free it early.
 */
function readArticle(source: string, input: PageInput): { article: ExtractedArticle; baseUrl: string | null } {
  const document = parseDocument(source);
  if (nestingExceeds(document, MAX_NESTING)) {
    throw new NotebookError('too_deep', `${input.label} nests its elements more than ${MAX_NESTING} deep (no real article does); it was not clipped.`);
  }
  // A saved file has no address of its own: its canonical URL stands in for resolving links.
  const pageUrl = input.fetchedUrl ?? canonicalUrl(document, null);
  const baseUrl = setDocumentUrl(document, pageUrl);
  prepareImages(document);
  return { article: extractArticle(document, pageUrl), baseUrl };
}
