/** The domain objects as every layer sees them. Plain data: no classes, no methods. */

/** A Tiptap/ProseMirror document as JSON, the form the reader loads and main stores. */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

export type TextDirection = 'ltr' | 'rtl' | 'auto';

/** What the library lists. Field names are a public interface (CLI --json): keep them. */
export interface ArticleSummary {
  id: string;
  /** The address the article is known by: its canonical URL when the page names one. */
  url: string | null;
  /** The address the page was fetched from, after redirects; null for a file. */
  sourceUrl: string | null;
  title: string;
  byline: string | null;
  authors: string[];
  siteName: string | null;
  /** ISO 8601, as the page states it (offset kept), or null. */
  publishedAt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  wordCount: number;
  readingMinutes: number;
  /** ISO 8601 UTC: when the article was first clipped. */
  clippedAt: string;
}

/** One article opened for reading: the summary and its newest capture. */
export interface ArticleDetail extends ArticleSummary {
  captureId: string;
  capturedAt: string;
  /** The sanitized HTML of the capture. The reader never renders it; export and CLI use it. */
  html: string;
  /** The capture's document, which the reader loads. */
  doc: DocNode;
  /** The capture's plain text (see common/text.ts): positions of highlights count in it. */
  text: string;
}

export const WORDS_PER_MINUTE = 230;

export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
