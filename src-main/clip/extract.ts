/**
 * Finding the article in a page: Readability on a linkedom document, plus the page metadata
 * Readability does not keep (authors as a list, canonical URL).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NotebookError } from '../common/errors';
import type { TextDirection } from '../common/model';

export interface ExtractedArticle {
  title: string;
  byline: string | null;
  authors: string[];
  siteName: string | null;
  publishedAt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  canonicalUrl: string | null;
  /** Readability's article HTML: not yet sanitized. */
  contentHtml: string;
}

type LinkedomDocument = ReturnType<typeof parseHTML>['document'];

export function parseDocument(html: string): LinkedomDocument {
  return parseHTML(html).document;
}

/**
 * Gives the document its address (`pageUrl`: where it was fetched, or for a file its canonical
 * URL if any) and returns the base URL that relative links resolve against.
 * linkedom has no baseURI of its own; Readability resolves links and images against it.
 */
export function setDocumentUrl(document: LinkedomDocument, pageUrl: string | null): string | null {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  const base = (href ? safeWebUrl(href, pageUrl) : null) ?? pageUrl;
  Object.defineProperty(document, 'baseURI', { value: base ?? 'about:blank', configurable: true });
  Object.defineProperty(document, 'documentURI', { value: pageUrl ?? 'about:blank', configurable: true });
  return base;
}

export function canonicalUrl(document: LinkedomDocument, pageUrl: string | null): string | null {
  const candidates = [
    document.querySelector('link[rel~="canonical"][href]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url"][content]')?.getAttribute('content'),
  ];
  for (const candidate of candidates) {
    const url = candidate ? safeWebUrl(candidate.trim(), pageUrl) : null;
    if (url) return url;
  }
  return null;
}

/** Runs Readability, which consumes the document: call it once per parsed document. */
export function extractArticle(document: LinkedomDocument, pageUrl: string | null): ExtractedArticle {
  const canonical = canonicalUrl(document, pageUrl);
  const authorsFromMeta = metaAuthors(document);
  const fallbackLang = document.documentElement?.getAttribute('lang') ?? null;
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  if (!parsed || !parsed.content || !parsed.textContent?.trim()) {
    throw new NotebookError('no_article', 'No readable article was found on this page.');
  }
  const byline = clean(parsed.byline);
  return {
    title: clean(parsed.title) ?? 'Untitled',
    byline,
    authors: authorsFromMeta.length > 0 ? authorsFromMeta : authorsFromByline(byline),
    siteName: clean(parsed.siteName),
    publishedAt: normalizeDate(parsed.publishedTime),
    lang: clean(parsed.lang) ?? clean(fallbackLang),
    dir: parseDir(parsed.dir),
    excerpt: clean(parsed.excerpt),
    canonicalUrl: canonical,
    contentHtml: parsed.content,
  };
}

function metaAuthors(document: LinkedomDocument): string[] {
  const values = [...document.querySelectorAll('meta[name="author"][content], meta[property="article:author"][content]')]
    .map((meta) => meta.getAttribute('content')?.trim() ?? '')
    .filter((value) => value && !/^https?:\/\//i.test(value));
  return dedupe(values.flatMap(splitAuthors));
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

/** ISO 8601 as the page states it when it already is; otherwise converted to UTC; else null. */
export function normalizeDate(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return trimmed;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function safeWebUrl(href: string, base: string | null): string | null {
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
