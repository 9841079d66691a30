/**
 * The CPU part of clipping, with no network and no store: page bytes in, everything the
 * notebook keeps out. Every rejection is a specific NotebookError.
 */
import { createHash } from 'node:crypto';
import { NotebookError } from '../common/errors';
import { docDepthExceeds, MAX_ARTICLE_DEPTH, MAX_PAGE_BYTES, MAX_PAGE_NESTING, megabytes } from '../common/limits';
import type { DocNode } from '../common/model';
import { countWords, docToText } from '../common/text';
import { binaryKind, decodeHtml, looksLikePdf } from './decode';
import { extractArticle, parseDocument, setDocumentUrl, type ExtractedArticle } from './extract';
import { prepareImages } from './images';
import { readCanonicalUrl } from './metadata';
import { findMetadataElements } from './metadata-elements';
import { parsedWithinNesting } from './nesting';
import { sanitizeArticle, type SourceNode } from './sanitize';
import type { SanitizedElement } from './sanitized-dom';
import { articleToDoc } from './to-doc';

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
  doc: DocNode;
  text: string;
  wordCount: number;
  contentHash: string;
}

const HTML_SIGNATURE = /<(!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|title|meta)\b/i;

export function clipPage(input: PageInput): ClippedPage {
  const { bytes, label } = input;
  // Text sent as a string is measured in characters at the door: its bytes may be up to three times as many.
  if (bytes.length > MAX_PAGE_BYTES) {
    throw new NotebookError('too_large', `${label} is ${megabytes(bytes.length)}, larger than the ${megabytes(MAX_PAGE_BYTES)} page limit; it was not clipped.`);
  }
  if (looksLikePdf(bytes)) throw new NotebookError('pdf_not_supported', `${label} is a PDF: PDF is not supported yet.`);
  const binary = binaryKind(bytes);
  if (binary) throw new NotebookError('not_html', `${label} is ${binary}, not an HTML page.`);
  const source = decodeHtml(bytes, input.contentType, label);
  if (!source.trim()) throw new NotebookError('empty_page', `${label} is empty.`);
  if (!HTML_SIGNATURE.test(source.slice(0, 65536))) {
    throw new NotebookError('not_html', `${label} does not look like an HTML page.`);
  }
  return extractFromSource(source, input);
}

function extractFromSource(source: string, input: PageInput): ClippedPage {
  const { article, content } = readArticle(source, input);
  const doc = articleToDoc(content);
  if (docDepthExceeds(doc, MAX_ARTICLE_DEPTH)) {
    throw new NotebookError('too_deep', `${input.label} nests quotes, lists or tables more than ${MAX_ARTICLE_DEPTH} deep in its article; it was not clipped.`);
  }
  const text = docToText(doc);
  if (!text.trim()) throw new NotebookError('no_article', `No readable article was found in ${input.label}.`);
  return {
    article,
    url: article.canonicalUrl ?? input.fetchedUrl,
    doc,
    text,
    wordCount: countWords(text),
    contentHash: createHash('sha256').update(JSON.stringify(doc)).digest('hex'),
  };
}

/**
 * The page's metadata and its sanitized article, from the decoded page. The parsed page is
 * large and is not needed after this: it stays local here, so the collector can free it early.
 */
export function readArticle(source: string, input: PageInput): { article: ExtractedArticle; content: SanitizedElement } {
  const page = preparePage(source, input);
  const prepareAgain = () => preparePage(source, input).document;
  const { article, content } = extractArticle(page.document, page.elements, page.pageUrl, source, prepareAgain);
  return { article, content: sanitizeArticle(content as unknown as SourceNode, page.baseUrl) };
}

/** The page parsed, given its address, and its images' sources chosen: what extraction reads. */
function preparePage(source: string, { fetchedUrl, label }: PageInput) {
  const document = parsedWithinNesting(MAX_PAGE_NESTING, () => parseDocument(source));
  if (!document) {
    throw new NotebookError('too_deep', `${label} nests its elements more than ${MAX_PAGE_NESTING} deep (browsers build no deeper, and no real article comes close); it was not clipped.`);
  }
  const elements = findMetadataElements(document);
  // A saved file has no address of its own: its canonical URL stands in for resolving links.
  const pageUrl = fetchedUrl ?? readCanonicalUrl(elements, null);
  const baseUrl = setDocumentUrl(document, pageUrl, source);
  prepareImages(elements.images);
  return { document, elements, pageUrl, baseUrl };
}
