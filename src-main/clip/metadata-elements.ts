/**
 * The elements a page's metadata is read from, found in one pass over the document: every
 * querySelectorAll walks the whole document, and metadata needs thirteen of them.
 *
 * Each query keeps the CSS selector it stands for and tests an element the way linkedom's
 * selector engine (css-select) does in an HTML document: tag names lower-cased, attribute
 * names as written, values compared case-sensitively except `rel` and `type`, which HTML
 * compares case-insensitively; `~=` finds a whitespace-separated word. Like querySelectorAll,
 * the pass does not look inside <template>. The unit tests hold every test to its selector.
 */
import type { LinkedomDocument } from './dom';

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
  metaTags: { selector: 'meta[content]', test: (element, tag) => tag === 'meta' && element.hasAttribute('content') },
  typedScripts: { selector: 'script[type]', test: (element, tag) => tag === 'script' && element.hasAttribute('type') },
  titles: { selector: 'title', test: (_element, tag) => tag === 'title' },
  authorMetaTags: { selector: 'meta[itemprop="author"]', test: (element, tag) => tag === 'meta' && element.getAttribute('itemprop') === 'author' },
  datePublished: { selector: '[itemprop~="datePublished"]', test: (element) => isDatePublished(element.getAttribute('itemprop')) },
  dateModified: { selector: '[itemprop~="dateModified"]', test: (element) => isDateModified(element.getAttribute('itemprop')) },
  microformatDates: {
    selector: '.dt-published[datetime], time.published[datetime], abbr.published[title]',
    test: (element, tag) =>
      (isDtPublishedClass(classOf(element)) && element.hasAttribute('datetime')) ||
      (tag === 'time' && isPublishedClass(classOf(element)) && element.hasAttribute('datetime')) ||
      (tag === 'abbr' && isPublishedClass(classOf(element)) && element.hasAttribute('title')),
  },
  pubdateTimes: { selector: 'time[pubdate][datetime]', test: (element, tag) => tag === 'time' && element.hasAttribute('pubdate') && element.hasAttribute('datetime') },
  articleTimes: { selector: 'article time[datetime]', test: (element, tag) => tag === 'time' && element.hasAttribute('datetime') && isInside(element, 'article') },
  canonicalLinks: { selector: 'link[rel~="canonical"][href]', test: (element, tag) => tag === 'link' && isCanonicalRel(element.getAttribute('rel')) && element.hasAttribute('href') },
  ogUrlMetaTags: { selector: 'meta[property="og:url"][content]', test: (element, tag) => tag === 'meta' && element.getAttribute('property') === 'og:url' && element.hasAttribute('content') },
  pdfLinks: {
    selector: 'link[rel~="alternate"][type="application/pdf"]',
    test: (element, tag) => tag === 'link' && isAlternateRel(element.getAttribute('rel')) && element.getAttribute('type')?.toLowerCase() === 'application/pdf',
  },
  doiLinks: { selector: 'a[href*="doi.org/10."]', test: (element, tag) => tag === 'a' && (element.getAttribute('href')?.includes('doi.org/10.') ?? false) },
} satisfies Record<string, Query>;

export type MetadataElements = Record<keyof typeof METADATA_QUERIES, MetadataElement[]>;

const QUERY_NAMES = Object.keys(METADATA_QUERIES) as Array<keyof typeof METADATA_QUERIES>;

/** Every query's elements, each list in document order. */
export function findMetadataElements(document: LinkedomDocument): MetadataElements {
  const found = Object.fromEntries(QUERY_NAMES.map((name) => [name, []])) as unknown as MetadataElements;
  // The universal selector walks the document the way every other query does, templates skipped.
  for (const element of document.querySelectorAll('*') as Iterable<MetadataElement>) {
    const tag = element.localName.toLowerCase();
    for (const name of QUERY_NAMES) {
      if (METADATA_QUERIES[name].test(element, tag)) found[name].push(element);
    }
  }
  return found;
}
