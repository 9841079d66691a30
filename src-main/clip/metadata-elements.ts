/**
 * The elements a page's metadata is read from, and its images (images.ts prepares them), found
 * in one pass over the document: every querySelectorAll walks the whole document, and these
 * would take fourteen.
 *
 * Each query keeps the CSS selector it stands for and tests an element the way linkedom's
 * selector engine (css-select) does in an HTML document: tag names lower-cased, attribute
 * names as written, values compared case-sensitively except `rel` and `type`, which HTML
 * compares case-insensitively; `~=` finds a whitespace-separated word. Like querySelectorAll,
 * the pass does not look inside <template>. The unit tests hold every test to its selector.
 */
import type { LinkedomDocument, LinkedomElement } from './dom';

/** The little of a linkedom element the queries and metadata read. */
export interface MetadataElement {
  localName: string;
  textContent: string | null;
  parentNode: MetadataElement | null;
  nodeType: number;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getAttributeNode(name: string): { value: string } | null;
}

const ELEMENT_NODE = 1;

interface Query {
  selector: string;
  /** The only tags the test can accept; none for a query that accepts any tag. */
  tags?: readonly string[];
  /** `tag` is the element's lower-cased local name, computed once per element. */
  test(element: MetadataElement, tag: string): boolean;
}

/** `[attribute~="word"]` on the attribute's value, as css-select builds it (the words here need no escaping). */
function containsWord(word: string, ignoreCase = false): (value: string | null) => boolean {
  const pattern = new RegExp(`(?:^|\\s)${word}(?:$|\\s)`, ignoreCase ? 'i' : '');
  return (value) => value !== null && value.length >= word.length && pattern.test(value);
}

/** The class attribute as css-select reads it: linkedom's getAttribute('class') is "" when there is none. */
function classOf(element: MetadataElement): string | null {
  return element.getAttributeNode('class')?.value ?? null;
}

function isInside(element: MetadataElement, tag: string): boolean {
  for (let parent = element.parentNode; parent && parent.nodeType === ELEMENT_NODE; parent = parent.parentNode) {
    if (parent.localName.toLowerCase() === tag) return true;
  }
  return false;
}

const isCanonicalRel = containsWord('canonical', true);
const isAlternateRel = containsWord('alternate', true);
const isDatePublished = containsWord('datePublished');
const isDateModified = containsWord('dateModified');
const isDtPublishedClass = containsWord('dt-published');
const isPublishedClass = containsWord('published');

export const METADATA_QUERIES = {
  metaTags: { selector: 'meta[content]', tags: ['meta'], test: (element, tag) => tag === 'meta' && element.hasAttribute('content') },
  typedScripts: { selector: 'script[type]', tags: ['script'], test: (element, tag) => tag === 'script' && element.hasAttribute('type') },
  titles: { selector: 'title', tags: ['title'], test: (_element, tag) => tag === 'title' },
  authorMetaTags: { selector: 'meta[itemprop="author"]', tags: ['meta'], test: (element, tag) => tag === 'meta' && element.getAttribute('itemprop') === 'author' },
  datePublished: { selector: '[itemprop~="datePublished"]', test: (element) => isDatePublished(element.getAttribute('itemprop')) },
  dateModified: { selector: '[itemprop~="dateModified"]', test: (element) => isDateModified(element.getAttribute('itemprop')) },
  microformatDates: {
    selector: '.dt-published[datetime], time.published[datetime], abbr.published[title]',
    test: (element, tag) =>
      (isDtPublishedClass(classOf(element)) && element.hasAttribute('datetime')) ||
      (tag === 'time' && isPublishedClass(classOf(element)) && element.hasAttribute('datetime')) ||
      (tag === 'abbr' && isPublishedClass(classOf(element)) && element.hasAttribute('title')),
  },
  pubdateTimes: { selector: 'time[pubdate][datetime]', tags: ['time'], test: (element, tag) => tag === 'time' && element.hasAttribute('pubdate') && element.hasAttribute('datetime') },
  articleTimes: { selector: 'article time[datetime]', tags: ['time'], test: (element, tag) => tag === 'time' && element.hasAttribute('datetime') && isInside(element, 'article') },
  canonicalLinks: { selector: 'link[rel~="canonical"][href]', tags: ['link'], test: (element, tag) => tag === 'link' && isCanonicalRel(element.getAttribute('rel')) && element.hasAttribute('href') },
  ogUrlMetaTags: { selector: 'meta[property="og:url"][content]', tags: ['meta'], test: (element, tag) => tag === 'meta' && element.getAttribute('property') === 'og:url' && element.hasAttribute('content') },
  pdfLinks: {
    selector: 'link[rel~="alternate"][type="application/pdf"]',
    tags: ['link'],
    test: (element, tag) => tag === 'link' && isAlternateRel(element.getAttribute('rel')) && element.getAttribute('type')?.toLowerCase() === 'application/pdf',
  },
  images: { selector: 'img', tags: ['img'], test: (_element, tag) => tag === 'img' },
  doiLinks: { selector: 'a[href*="doi.org/10."]', tags: ['a'], test: (element, tag) => tag === 'a' && (element.getAttribute('href')?.includes('doi.org/10.') ?? false) },
} satisfies Record<string, Query>;

type QueryName = keyof typeof METADATA_QUERIES;

/** Images are changed, not only read: they keep linkedom's full type. */
export type MetadataElements = Record<Exclude<QueryName, 'images'>, MetadataElement[]> & { images: LinkedomElement[] };

const QUERY_NAMES = Object.keys(METADATA_QUERIES) as QueryName[];
const ANY_TAG_QUERIES = QUERY_NAMES.filter((name) => !(METADATA_QUERIES[name] as Query).tags);

/** For each tag some query names, the queries that may accept it: most elements meet only the few that accept any tag. */
const QUERIES_FOR_TAG = new Map<string, QueryName[]>();
for (const name of QUERY_NAMES) {
  for (const tag of (METADATA_QUERIES[name] as Query).tags ?? []) QUERIES_FOR_TAG.set(tag, [...(QUERIES_FOR_TAG.get(tag) ?? ANY_TAG_QUERIES), name]);
}

/** Every query's elements, each list in document order. */
export function findMetadataElements(document: LinkedomDocument): MetadataElements {
  // Built untyped: each list holds the elements its query accepted, images among them.
  const found = Object.fromEntries(QUERY_NAMES.map((name) => [name, []])) as unknown as Record<QueryName, MetadataElement[]>;
  // The universal selector walks the document the way every other query does, templates skipped.
  for (const element of document.querySelectorAll('*') as Iterable<MetadataElement>) {
    const tag = element.localName.toLowerCase();
    for (const name of QUERIES_FOR_TAG.get(tag) ?? ANY_TAG_QUERIES) {
      if (METADATA_QUERIES[name].test(element, tag)) found[name].push(element);
    }
  }
  return found as unknown as MetadataElements;
}
