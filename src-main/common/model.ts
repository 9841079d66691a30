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

export const readingStates = ['unread', 'read', 'archived'] as const;
export type ReadingState = (typeof readingStates)[number];

/** How the library can be ordered: newest clip, newest published, title, site. */
export const articleSorts = ['clipped', 'published', 'title', 'site'] as const;
export type ArticleSort = (typeof articleSorts)[number];

/** The metadata fields a user can correct; a correction outlives every re-clip. */
export const correctableFields = ['title', 'authors', 'publishedAt', 'siteName'] as const;
export type CorrectableField = (typeof correctableFields)[number];

export interface Corrections {
  title?: string;
  authors?: string[];
  publishedAt?: string | null;
  siteName?: string | null;
}

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
  modifiedAt: string | null;
  lang: string | null;
  dir: TextDirection | null;
  excerpt: string | null;
  doi: string | null;
  journal: string | null;
  publisher: string | null;
  pdfUrl: string | null;
  wordCount: number;
  readingMinutes: number;
  /** ISO 8601 UTC: when the article was first clipped (or saved, for an import). */
  clippedAt: string;
  /** When a re-clip last found the page unchanged. */
  lastCheckedAt: string | null;
  tags: string[];
  readingState: ReadingState;
  /** When it was moved to the trash; null when it is in the library. */
  trashedAt: string | null;
  captureCount: number;
  /** Which metadata fields show the user's correction rather than what the page says. */
  correctedFields: CorrectableField[];
}

/** One article opened for reading: the summary and one capture (the newest unless asked). */
export interface ArticleDetail extends ArticleSummary {
  captureId: string;
  capturedAt: string;
  /** The capture's document, which the reader loads. */
  doc: DocNode;
  /** The capture's plain text (see common/text.ts): positions of highlights count in it. */
  text: string;
}

/** Where to fetch an article again: where it was fetched from (a canonical URL may not answer), else its URL. */
export function refetchAddress(article: Pick<ArticleSummary, 'sourceUrl' | 'url'>): string | null {
  return article.sourceUrl ?? article.url;
}

/** One capture of an article, as the reader lists them. */
export interface CaptureInfo {
  id: string;
  capturedAt: string;
  fetchedUrl: string | null;
  wordCount: number;
  contentType: string | null;
  lastModified: string | null;
  etag: string | null;
  hasRawPage: boolean;
}

export interface ImageFailure {
  url: string;
  reason: string;
}

/** What a clip did: a new article, a new capture of a known one, or nothing new. */
export interface ClipResult extends ArticleSummary {
  outcome: 'new' | 'captured' | 'unchanged';
  captureId: string;
  imagesSaved: number;
  imageFailures: ImageFailure[];
  /** For a new capture of an article with highlights: how they re-anchored on it. */
  anchors: AnchorReport | null;
}

export const highlightColors = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof highlightColors)[number];

/** Where a highlight sits on one capture's text. */
export interface HighlightPlacement {
  captureId: string;
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
  /** Offsets in the capture's plain text; null for an orphan. */
  start: number | null;
  end: number | null;
  /** For a fuzzy placement: how sure (0–1). */
  score: number | null;
  /** The text at the placement (differs from the quote when fuzzy). */
  text: string | null;
}

export interface Highlight {
  id: string;
  articleId: string;
  /** The capture it was made on, and its selectors over that capture's text. */
  captureId: string;
  quote: { exact: string; prefix: string; suffix: string };
  position: { start: number; end: number };
  color: HighlightColor;
  comment: string | null;
  isClaim: boolean;
  /** A claim restated in the researcher's own words. */
  statement: string | null;
  createdAt: string;
  updatedAt: string;
  /** On the capture asked for (the newest unless named). */
  placement: HighlightPlacement;
}

/** What re-anchoring found on a new capture. */
export interface AnchorReport {
  exact: number;
  moved: number;
  fuzzy: number;
  orphan: number;
}

/** One search result. Field names are a public interface (CLI --json): keep them. */
export interface SearchHit {
  type: 'article' | 'highlight' | 'claim' | 'note';
  id: string;
  /** The article it is, or belongs to. */
  articleId: string | null;
  /** The article's title (for a highlight, the title of its article). */
  title: string;
  /** The matching passage, and where in it each match is. */
  snippet: string;
  matches: Array<{ start: number; end: number }>;
  /** YYYY-MM-DD: what before: and after: compare. */
  date: string;
}

export interface SearchResults {
  /** Grouped by type (articles, then highlights and claims), best first within each. */
  hits: SearchHit[];
}

/** How one passage bears on another. supports and contradicts read "from supports to". */
export const linkRelations = ['supports', 'contradicts', 'same_as', 'related'] as const;
export type LinkRelation = (typeof linkRelations)[number];

/** How a relation reads from the passage that makes the link: "A supports B". */
export const relationVerbs: Record<LinkRelation, string> = {
  supports: 'supports',
  contradicts: 'contradicts',
  same_as: 'is the same as',
  related: 'is related to',
};

/** How it reads from the passage linked to: "B, supported by A". */
export const relationPassives: Record<LinkRelation, string> = {
  supports: 'supported by',
  contradicts: 'contradicted by',
  same_as: 'the same as',
  related: 'related to',
};

/** Relations that mean the same read either way: a link of one joins its two passages once. */
export const symmetricRelations: readonly LinkRelation[] = ['contradicts', 'same_as', 'related'];

/** A highlight as the other side of a link, a claim list or a graph node shows it. */
export interface Passage {
  id: string;
  articleId: string;
  articleTitle: string;
  siteName: string | null;
  quote: string;
  color: HighlightColor;
  isClaim: boolean;
  statement: string | null;
  /** Deleted from its article: links and references keep its quote and say so. */
  deleted: boolean;
}

/** "from supports to", with why. Field names are a public interface (CLI --json). */
export interface Link {
  id: string;
  relation: LinkRelation;
  rationale: string | null;
  from: Passage;
  to: Passage;
  createdAt: string;
  updatedAt: string;
}

export interface NoteSummary {
  id: string;
  title: string;
  /** The start of the note's text. */
  excerpt: string;
  createdAt: string;
  updatedAt: string;
}

/** What a note points at: an inline reference or a quoted passage. */
export interface NoteReference {
  targetId: string;
  kind: 'highlight' | 'article' | 'note';
  /** The label (quote or title) as the note last saw its target. */
  label: string;
  /** The article to open for a highlight or an article; null for a note. */
  articleId: string | null;
  /** The target was deleted: the note keeps its label. */
  missing: boolean;
}

export interface Note extends NoteSummary {
  doc: DocNode;
  /** The note's plain text (common/text.ts), which search indexes. */
  text: string;
  references: NoteReference[];
}

/** Everything that points at an object, and what it points at. */
export interface Backlinks {
  /** Links where it is `from`. */
  outgoing: Link[];
  /** Links where it is `to`. */
  incoming: Link[];
  /** Notes that reference or quote it. */
  citedBy: NoteSummary[];
}

/** A claim with how the notebook bears on it. Field names are a public interface (CLI --json). */
export interface ClaimSummary extends Passage {
  createdAt: string;
  /** Passages linked to it by "supports" (pointing at it). */
  supporting: number;
  /** Passages linked to it by "contradicts", either way round. */
  contradicting: number;
  /** Distinct articles those passages come from. */
  sources: number;
  /** All its links, whatever the relation. */
  linkCount: number;
}

export const claimSorts = ['linked', 'recent'] as const;
export type ClaimSort = (typeof claimSorts)[number];

/** Claims and the passages linked to them, with every link among them. */
export interface ClaimGraph {
  nodes: Passage[];
  edges: Array<{ id: string; from: string; to: string; relation: LinkRelation; rationale: string | null }>;
}

export const WORDS_PER_MINUTE = 230;

export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
