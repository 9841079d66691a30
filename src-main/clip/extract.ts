/**
 * Finding the article in a page: Readability on a linkedom document, with the page's own
 * metadata (metadata.ts) chosen over Readability's wherever the page states it.
 */
import { parseHTML } from 'linkedom';
import { NotebookError } from '../common/errors';
import type { TextDirection } from '../common/model';
import { readPageMetadata, toIsoDate, type PageMetadata } from './metadata';
import type { MetadataElements } from './metadata-elements';
import { readableArticle, type DomElement } from './readable';
import type { LinkedomDocument } from './dom';

/** The page's metadata, completed by Readability where the page is silent, and the article itself. */
export interface ExtractedArticle extends Omit<PageMetadata, 'title'> {
  title: string;
  byline: string | null;
  dir: TextDirection | null;
}

export interface Extraction {
  article: ExtractedArticle;
  /** The article's element in the page's document, cleaned of boilerplate; not yet sanitized. */
  content: DomElement;
}


export function parseDocument(html: string): LinkedomDocument {
  return parseHTML(html).document;
}

/**
 * Gives the document its address (`pageUrl`: where it was fetched, or for a file its canonical
 * URL if any) and returns the base URL that relative links resolve against.
 * linkedom has no baseURI of its own; Readability resolves links and images against it.
 * `html` is the page as parsed into `document`: most pages have no <base>, and a test of the
 * HTML spares them a search of the whole document.
 */
export function setDocumentUrl(document: LinkedomDocument, pageUrl: string | null, html: string): string | null {
  const href = /<base[\s/>]/i.test(html) ? baseHref(document) : null;
  const base = (href ? safeWebUrl(href, pageUrl) : null) ?? pageUrl;
  Object.defineProperty(document, 'baseURI', { value: base ?? 'about:blank', configurable: true });
  Object.defineProperty(document, 'documentURI', { value: pageUrl ?? 'about:blank', configurable: true });
  return base;
}

/** The first <base> with an address. linkedom keeps attribute names as written ("HREF") and finds them only so. */
function baseHref(document: LinkedomDocument): string | null {
  for (const base of Array.from(document.getElementsByTagName('base'))) {
    const href = Array.from(base.attributes).find((attribute) => attribute.name.toLowerCase() === 'href');
    if (href) return href.value;
  }
  return null;
}

/**
 * Runs Readability, which consumes the document: call it once per parsed document.
 * `elements` are findMetadataElements(document); `html` is the page as parsed into `document`.
 */
export function extractArticle(document: LinkedomDocument, elements: MetadataElements, pageUrl: string | null, html: string, prepareAgain: () => LinkedomDocument): Extraction {
  // Read first: Readability removes the scripts that carry JSON-LD and rewrites the document.
  const metadata = readPageMetadata(document, elements, pageUrl, html);
  const parsed = readableArticle(document, pageUrl, prepareAgain);
  if (!parsed) throw new NotebookError('no_article', 'No readable article was found on this page.');
  const readabilityByline = clean(parsed.byline);
  const authors = metadata.authors.length > 0 ? metadata.authors : authorsFromByline(readabilityByline);
  const article: ExtractedArticle = {
    title: metadata.title ?? clean(parsed.title) ?? 'Untitled',
    // Stated authors beat a byline Readability may have guessed from the page's text.
    byline: metadata.authors.length > 0 ? metadata.authors.join(', ') : readabilityByline,
    authors,
    siteName: metadata.siteName ?? clean(parsed.siteName),
    publishedAt: metadata.publishedAt ?? toIsoDate(parsed.publishedTime),
    modifiedAt: metadata.modifiedAt,
    lang: metadata.lang ?? clean(parsed.lang),
    dir: parseDir(parsed.dir),
    excerpt: metadata.excerpt ?? clean(parsed.excerpt),
    canonicalUrl: metadata.canonicalUrl,
    doi: metadata.doi,
    journal: metadata.journal,
    pdfUrl: metadata.pdfUrl,
    publisher: metadata.publisher,
  };
  return { article, content: parsed.content };
}

export function authorsFromByline(byline: string | null): string[] {
  if (!byline) return [];
  const withoutPrefix = byline.replace(/^\s*(by|von|par|por)\s+/i, '');
  return dedupe(splitAuthors(withoutPrefix));
}

function splitAuthors(value: string): string[] {
  return value
    .split(/\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b)\s*/i)
    .map((name) => name.trim())
    .filter((name) => name.length > 1 && name.length < 100);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

function parseDir(value: string | null | undefined): TextDirection | null {
  const dir = value?.trim().toLowerCase();
  return dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? dir : null;
}

export function safeWebUrl(href: string, base: string | null): string | null {
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
