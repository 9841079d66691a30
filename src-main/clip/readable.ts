/**
 * Readability, and what it leaves in on real pages. Readability finds the article's container
 * well, but keeps whatever sits inside it: a site header when it climbed too far, lists of links
 * to other stories, photo credits, datelines, "Advertisement" labels, newsletter prompts and
 * copyright footers. Those are removed here, on the element Readability returns: one
 * Readability pass per page (a second would double the cost of clipping), then one pass that
 * measures every element, then rules that read the measures.
 */
import { Readability } from '@mozilla/readability';
import type { LinkedomDocument } from './dom';


/** The parts of a linkedom node used here (the project's own types have no DOM library). */
export interface DomElement {
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  children: ArrayLike<DomElement>;
  firstChild: DomNode | null;
  firstElementChild: DomElement | null;
  nextElementSibling: DomElement | null;
  parentElement: DomElement | null;
  previousElementSibling: DomElement | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

/** Any node: text is read from its children without building child lists. */
interface DomNode {
  nodeType: number;
  data?: string;
  nextSibling: DomNode | null;
}

/** Readability's result, with the article's HTML cleaned of boilerplate. */
export interface ReadableArticle {
  title: string | null | undefined;
  byline: string | null | undefined;
  siteName: string | null | undefined;
  publishedTime: string | null | undefined;
  lang: string | null | undefined;
  dir: string | null | undefined;
  excerpt: string | null | undefined;
  /** The article's element in the page's document, cleaned; not yet sanitized. */
  content: DomElement;
}

/** What the rules know about the page beyond the article's own elements. */
export interface PageContext {
  title: string | null;
  /** Tells links to the site's other pages from links elsewhere. */
  pageUrl: string | null;
}

/**
 * Runs Readability, which consumes the document: call it once per parsed document.
 * `prepareAgain` builds the same document anew, as this one was when given here (see deferBodySnapshot).
 */
export function readableArticle(document: LinkedomDocument, pageUrl: string | null, prepareAgain: () => LinkedomDocument): ReadableArticle | null {
  deferBodySnapshot(document, prepareAgain);
  const parsed = readability(document).parse();
  if (!parsed?.content) return null;
  const content = cleanArticle(parsed.content, { title: parsed.title ?? null, pageUrl });
  return {
    title: parsed.title,
    byline: parsed.byline,
    siteName: parsed.siteName,
    publishedTime: parsed.publishedTime,
    lang: parsed.lang,
    dir: parsed.dir,
    excerpt: parsed.excerpt,
    content,
  };
}

function readability(document: LinkedomDocument): Readability<DomElement> {
  const reader = new Readability<DomElement>(document as unknown as ConstructorParameters<typeof Readability>[0], {
    // Class names are the best sign of a photo credit; the sanitizer drops them afterwards.
    keepClasses: true,
    serializer: (node) => node as unknown as DomElement,
  });
  if (LOGS_GRABBED_ARTICLE) skipGrabbedLog(reader as unknown as GrabbingReader);
  return reader;
}

/**
 * Readability guards each log of an element's HTML with its debug flag, because serializing a
 * large element is slow, except one: the article it grabbed, logged unguarded by parse() the
 * moment it has it ("Grabbed: " + articleContent.innerHTML), and thrown away when debug is off.
 * On linkedom that HTML is about 1% of a clip. Where the installed Readability's parse() reads
 * it so, and only there, that first read is answered with "" and every later read as usual.
 */
const LOGS_GRABBED_ARTICLE =
  /var articleContent = this\._grabArticle\(\);\s*if \(!articleContent\) \{\s*return null;\s*\}\s*this\.log\("Grabbed: " \+ articleContent\.innerHTML\);/
    .test(Readability.prototype.parse.toString());

interface GrabbingReader {
  _grabArticle(...args: unknown[]): DomElement | null;
}

function skipGrabbedLog(reader: GrabbingReader): void {
  const grab = reader._grabArticle;
  reader._grabArticle = function (...args) {
    const article = grab.apply(this, args);
    if (article) {
      // After the log's read, or any write, the element answers with linkedom's own accessor.
      const restore = () => delete (article as Partial<DomElement>).innerHTML;
      Object.defineProperty(article, 'innerHTML', {
        configurable: true,
        get: () => {
          restore();
          return '';
        },
        set: (value: string) => {
          restore();
          article.innerHTML = value;
        },
      });
    }
    return article;
  };
}

/**
 * Readability keeps the page's whole body as HTML before it looks for the article, to put the
 * page back when an attempt finds too little text and it tries again with looser rules. On
 * linkedom that HTML costs about a seventh of Readability's time, and most pages never need it (59 of
 * the 65 of corpus/readability). So the body hands Readability a stand-in that it can only hand
 * back, and the HTML is made when it does: from the page built anew (`prepareAgain`) and taken at
 * the same point of a Readability run over it, so Readability puts back exactly what it would have.
 */
function deferBodySnapshot(document: LinkedomDocument, prepareAgain: () => LinkedomDocument): void {
  const body = document.body;
  if (!body) return;
  let html: string | undefined;
  const snapshot = { toString: () => (html ??= bodyAsReadabilityKeepsIt(prepareAgain())) };
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get: () => snapshot,
    // linkedom's own setter, inherited, puts the HTML back.
    set: (value: unknown) => Reflect.set(Object.getPrototypeOf(body), 'innerHTML', String(value), body),
  });
}

class BodyKept extends Error {
  constructor(readonly html: string) {
    super('Readability kept the page\'s body');
  }
}

/** The body's HTML at the point where Readability keeps it: Readability runs until it reads it. */
function bodyAsReadabilityKeepsIt(document: LinkedomDocument): string {
  const body = document.body!;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get: () => {
      throw new BodyKept(Reflect.get(Object.getPrototypeOf(body), 'innerHTML', body) as string);
    },
  });
  try {
    readability(document).parse();
  } catch (error) {
    if (error instanceof BodyKept) return error.html;
    throw error;
  }
  throw new Error('Readability ran without keeping the page\'s body: deferBodySnapshot no longer matches its version.');
}

/** Narrows Readability's result to the page's own article element, then removes boilerplate. */
export function cleanArticle(content: DomElement, page: PageContext): DomElement {
  const descendants = Array.from(content.querySelectorAll('*'));
  const measures = measure(content, descendants);
  const article = narrowToMainArticle(content, measures);
  const inArticle = article === content ? descendants : Array.from(article.querySelectorAll('*'));
  const boilerplate = findBoilerplate(article, inArticle, measures, page);
  const removed = boilerplate.reduce((sum, element) => sum + measureOf(measures, element).text, 0);
  // Rules misfiring on an unusual page must not empty it.
  if (removed < measureOf(measures, article).text) {
    for (const element of boilerplate) element.remove();
  }
  return article;
}

// --- measuring -----------------------------------------------------------------------------

interface Measure {
  /** The element's tagName, read once: linkedom makes it anew on every read. */
  tag: string;
  /** The length of the element's text, whitespace at the edges of each text node counted once. */
  text: number;
  linkText: number;
  paragraphText: number;
  containsBlocks: boolean;
  containsLink: boolean;
  containsImage: boolean;
  containsImageLink: boolean;
  containsHeading: boolean;
  /** Inside a blockquote or a table: material no rule touches, whatever it looks like. */
  quotedOrTabular: boolean;
  inFigure: boolean;
  inCaption: boolean;
}
type Measures = Map<DomElement, Measure>;

const BLOCK_TAGS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DT', 'DD', 'FIGCAPTION', 'BLOCKQUOTE', 'PRE',
  'TD', 'TH', 'DIV', 'SECTION', 'HEADER', 'FOOTER', 'UL', 'OL', 'TABLE', 'FIGURE', 'ARTICLE',
]);
const INLINE_TAGS = new Set(['SPAN', 'SMALL', 'CITE', 'EM', 'I', 'B', 'STRONG', 'TIME', 'A']);
const HEADING = /^H[1-6]$/;
const TEXT_NODE = 3;

/**
 * Measures every element in two linear passes (parents before children, then children before
 * parents), so no rule has to read an element's whole text again: asking each element for its
 * textContent costs the tree's size times its depth.
 */
function measure(root: DomElement, descendants: DomElement[]): Measures {
  const elements = [root, ...descendants];
  const measures: Measures = new Map();
  for (const element of elements) {
    const parent = element === root ? undefined : measures.get(element.parentElement as DomElement);
    const tag = element.tagName;
    measures.set(element, {
      tag,
      text: ownTextLength(element),
      linkText: 0,
      paragraphText: 0,
      containsBlocks: false,
      containsLink: tag === 'A' && element.getAttribute('href') !== null,
      containsImage: tag === 'IMG',
      containsImageLink: false,
      containsHeading: HEADING.test(tag),
      quotedOrTabular: (parent?.quotedOrTabular ?? false) || tag === 'BLOCKQUOTE' || tag === 'TABLE',
      inFigure: (parent?.inFigure ?? false) || tag === 'FIGURE',
      inCaption: (parent?.inCaption ?? false) || tag === 'FIGCAPTION',
    });
  }
  for (let index = elements.length - 1; index > 0; index--) {
    const element = elements[index];
    const own = measureOf(measures, element);
    if (own.tag === 'A') {
      own.linkText = own.text;
      own.containsImageLink = own.containsImage;
    }
    if (own.tag === 'P') own.paragraphText = own.text;
    const parent = measureOf(measures, element.parentElement as DomElement);
    parent.text += own.text;
    parent.linkText += own.linkText;
    parent.paragraphText += own.paragraphText;
    parent.containsBlocks ||= own.containsBlocks || BLOCK_TAGS.has(own.tag);
    parent.containsLink ||= own.containsLink;
    parent.containsImage ||= own.containsImage;
    parent.containsImageLink ||= own.containsImageLink;
    parent.containsHeading ||= own.containsHeading;
  }
  return measures;
}

/** Trimmed, plus one for the space that whitespace at the edges becomes: indentation counts once. */
function ownTextLength(element: DomElement): number {
  let length = 0;
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== TEXT_NODE || !node.data) continue;
    const trimmed = node.data.trim();
    length += trimmed.length + (trimmed.length < node.data.length ? 1 : 0);
  }
  return length;
}

function measureOf(measures: Measures, element: DomElement): Measure {
  const found = measures.get(element);
  if (!found) throw new Error('An element outside the measured article');
  return found;
}

// --- the page's own article element ----------------------------------------------------------

const MAIN_ARTICLE = 'article, [itemprop~="articleBody"]';
/** The share of the result's paragraph text the page's own article element must hold. */
const MAIN_ARTICLE_SHARE = 0.9;

/**
 * When Readability climbs to a container that holds the site's header and navigation too,
 * the page's own article element inside it (holding nearly all the paragraphs) is the article.
 */
function narrowToMainArticle(content: DomElement, measures: Measures): DomElement {
  const paragraphs = measureOf(measures, content).paragraphText;
  if (paragraphs === 0) return content;
  let best = content;
  for (const candidate of Array.from(content.querySelectorAll(MAIN_ARTICLE))) {
    const { text, paragraphText } = measureOf(measures, candidate);
    if (text < measureOf(measures, best).text && paragraphText >= paragraphs * MAIN_ARTICLE_SHARE) best = candidate;
  }
  return best;
}

// --- finding the boilerplate ---------------------------------------------------------------

/** How many lines from either end count as the article's edges, where datelines and titles sit. */
const EDGE_LINES = 3;

function findBoilerplate(article: DomElement, elements: DomElement[], measures: Measures, page: PageContext): DomElement[] {
  const found = new Set<DomElement>(elements.filter((element) => isCredit(element, measureOf(measures, element))));
  for (const run of linkRuns(article, elements, measures, page.pageUrl)) for (const element of run) found.add(element);
  const lines = elements.filter((element) => isLine(element, measures));
  lines.forEach((line, index) => {
    const measure = measureOf(measures, line);
    // Reading the text of every paragraph is most of the cost; long ones are never boilerplate.
    if (measure.text > LONGEST_BOILERPLATE_WORDS * CHARACTERS_PER_WORD) return;
    const atEdge = index < EDGE_LINES || index >= lines.length - EDGE_LINES;
    if (isBoilerplateLine(normalizedText(line), measure, page, atEdge)) found.add(line);
  });
  // An element inside another one being removed goes with it.
  return [...found].filter((element) => !hasAncestorIn(element, found));
}

/**
 * The units a reader sees as lines or paragraphs: the innermost blocks, and inline elements
 * standing on their own beside blocks (a dateline <span> next to a heading).
 */
function isLine(element: DomElement, measures: Measures): boolean {
  const { containsBlocks, tag } = measureOf(measures, element);
  if (containsBlocks) return false;
  if (!INLINE_TAGS.has(tag)) return BLOCK_TAGS.has(tag);
  const parent = element.parentElement && measureOf(measures, element.parentElement);
  return parent !== null && !INLINE_TAGS.has(parent.tag) && parent.containsBlocks;
}

function isBoilerplateLine(text: string, measure: Measure, page: PageContext, atEdge: boolean): boolean {
  if (!text || measure.quotedOrTabular) return false;
  return (
    isInterfaceLabel(text) ||
    // A bare number beside a picture is a gallery's photo count.
    (measure.inFigure && /^\d{1,3}$/.test(text)) ||
    isCreditLine(text) ||
    isDateline(text, atEdge) ||
    isCopyrightNotice(text) ||
    isCallToAction(text, measure.linkText > 0) ||
    isRelatedLink(text, measure.linkText) ||
    isPromoHeadline(text, measure.linkText) ||
    // At the top, the title again, or the page's address that a print header shows.
    (atEdge && (isRepeatedTitle(text, measure.linkText, page.title) || text === page.pageUrl))
  );
}

// --- the rules ---------------------------------------------------------------------------

/** Words a page's furniture says on a line of its own: ad labels, gallery and share controls. */
const INTERFACE_LABELS = new Set([
  'advertisement', 'advertisements', 'advert', 'ad', 'ads', 'sponsored', 'sponsored content',
  'anzeige', 'werbung', 'publicidad', 'publicité', 'pubblicità', 'publicidade', 'iklan', 'реклама', '广告',
  'continue reading below', 'continue reading', 'story continues below', 'article continues below',
  'skip to content', 'skip to main content', 'sign in', 'log in', 'caption', 'close', 'image', 'photo',
  'enlarge this image', 'hide caption', 'toggle caption', 'share', 'share this', 'share this article',
  'comments', 'view comments', 'this slideshow requires javascript',
]);
const GALLERY_COUNTER = /^(?:image|photo|picture|slide) \d+ (?:of|\/) ?\/? ?\d+$/i;

/** "Advertisement", "Continue reading below", "Image 1 of 8". */
function isInterfaceLabel(text: string): boolean {
  const label = text.toLowerCase().replace(/[\s.…:|]+$/u, '');
  return INTERFACE_LABELS.has(label) || GALLERY_COUNTER.test(label);
}

/** "Photo: Jane Doe, AP", "(Image credit: NASA)", "© Jane Doe", "Image copyright Reuters". */
const CREDIT_LINE =
  /^\(?\s*(?:(?:image|photo|picture|photograph|illustration|graphic|video|foto)s?\s*(?:copyright|credit|courtesy|source|by)?\s*[:©]|(?:image|photo)\s+(?:copyright|credit|courtesy)\b|(?:credit|source|quelle|fuente)\s*:|©)/i;

function isCreditLine(text: string): boolean {
  return isShort(text, 12) && CREDIT_LINE.test(text);
}

/** Class names photo credits carry across sites: "credit", "image-credit", "story-image-copyright". */
const CREDIT_CLASS = /(?:^|[^a-z])(?:credits?|copyright)(?:[^a-z]|$)/i;
const CREDIT_WORDS = 15;

/** A short element marked as a credit by its class, or a credit written inline in a caption. */
function isCredit(element: DomElement, measure: Measure): boolean {
  if (measure.text === 0 || measure.text > CREDIT_WORDS * CHARACTERS_PER_WORD) return false;
  if (CREDIT_CLASS.test(element.getAttribute('class') ?? '')) return isShort(normalizedText(element), CREDIT_WORDS);
  return measure.inCaption && INLINE_TAGS.has(measure.tag) && isCreditLine(normalizedText(element));
}

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;
const DATE = new RegExp(
  String.raw`\b${MONTH}\s+\d{1,2}\b|\b\d{1,2}\s+${MONTH}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b`,
  'i',
);
const DATELINE_PREFIX = /^\|?\s*(?:published|updated|posted|last updated|last modified|modified|first published)\b/i;
/** Date and time words, to see what a line says once its date is taken out. */
const DATE_WORDS = new RegExp(
  String.raw`\b(?:${MONTH}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|a\.m|p\.m|[a-z]?[sd]t|gmt|utc|ago|at|on|minutes?|hours?|days?)\b|\d+(?:[/.:-]\d+)*`,
  'gi',
);

/**
 * "Updated Nov 19, 9:41 AM", "Published 1 day ago", "November 20, 2019 / 1:07 AM / CBS News":
 * a line that states when the article appeared (the date is stored on its own). Lines that
 * are only a date count only at the article's edges: inside it, they may be a timeline's.
 */
function isDateline(text: string, atEdge: boolean): boolean {
  if (!isShort(text, 15) || !DATE.test(text)) return false;
  if (DATELINE_PREFIX.test(text)) return true;
  if (!atEdge) return false;
  const rest = text.replace(DATE_WORDS, ' ').replace(/^\s*by\b/i, ' ').match(/\p{L}+/gu) ?? [];
  return rest.length <= 3;
}

/** "© 2019 Example Media. All rights reserved.", "… may not be reproduced without permission". */
const COPYRIGHT_NOTICE = /(?:©|\(c\))\s*(?:\d{4}|[\p{L} ]+\d{4})|all rights reserved|may (?:not )?be reproduced|subject to copyright/iu;

/** The longest line a rule removes: a copyright notice. */
const LONGEST_BOILERPLATE_WORDS = 60;

function isCopyrightNotice(text: string): boolean {
  return isShort(text, LONGEST_BOILERPLATE_WORDS) && COPYRIGHT_NOTICE.test(text);
}

/** A sentence that starts by telling the reader to subscribe, follow, join or download… */
const CALL_TO_ACTION = /(?:^|[.!?…]\s+)(?:subscribe|sign up|follow|join|download|listen|click|tap|register|get (?:the|our|your|access|unlimited))\b/i;
/** …about the site's newsletter, app, feeds or forums, rather than about the story. */
const CALL_TO_ACTION_TOPIC = /newsletter|inbox|subscri|\bapp\b|twitter|facebook|instagram|youtube|podcast|forums?\b|delivered|by clicking|click here/i;

/** "Get the latest updates in your inbox. Subscribe to our newsletters.", with its link. */
function isCallToAction(text: string, hasLink: boolean): boolean {
  if (!isShort(text, 50) || !CALL_TO_ACTION.test(text) || !CALL_TO_ACTION_TOPIC.test(text)) return false;
  return hasLink || isUpperCase(text);
}

const RELATED_PREFIX =
  /^(?:related|read more|read also|also read|read next|see also|see more|more|also|don'?t miss|recommended|watch|listen|more on this|more from [\p{L} ]{1,30})\s*:/iu;

/** "Related: Another story" (a link), or a bare "More:" label. */
function isRelatedLink(text: string, linkText: number): boolean {
  if (!isShort(text, 25)) return false;
  const match = RELATED_PREFIX.exec(text);
  if (!match) return false;
  const rest = text.slice(match[0].length).trim();
  return !rest || linkText >= rest.length * 0.5;
}

/** A headline of another story: a paragraph that is all one link, in capitals. */
function isPromoHeadline(text: string, linkText: number): boolean {
  return isShort(text, 25) && text.split(' ').length >= 3 && isUpperCase(text) && linkText >= text.length * 0.9;
}

/** The title again at the top, alone or at the end of a breadcrumb trail of links. */
function isRepeatedTitle(text: string, linkText: number, title: string | null): boolean {
  const wanted = title?.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!wanted || !text.toLowerCase().endsWith(wanted)) return false;
  const trail = text.slice(0, text.length - wanted.length).replace(/[^\p{L}\p{N}]/gu, '');
  return trail.length <= linkText;
}

// --- runs of links to the site's other pages -------------------------------------------------

const LINK_ITEM_WORDS = 30;

/**
 * Runs of two or more sibling items that each just link to another page of the same site (a
 * headline, or a picture and a headline): "You may also like", "More from", section menus.
 * The label that introduces a run ("More:", a short heading) goes with it. Links to other
 * sites are spared: a list of sources or of shops is the article's own.
 */
function linkRuns(article: DomElement, elements: DomElement[], measures: Measures, pageUrl: string | null): DomElement[][] {
  const site = pageUrl ? siteOf(pageUrl, null) : null;
  if (!pageUrl || !site) return [];
  const isOwnSiteLink = (href: string | null) => href !== null && !IMAGE_FILE.test(href) && siteOf(href, pageUrl) === site;
  const runs: DomElement[][] = [];
  for (const parent of [article, ...elements]) {
    let run: DomElement[] = [];
    for (let child = parent.firstElementChild; ; child = child.nextElementSibling) {
      if (child && isSiteLinkItem(child, measureOf(measures, child), isOwnSiteLink)) {
        run.push(child);
        continue;
      }
      if (run.length >= 2) runs.push(withLabel(article, parent, run));
      run = [];
      if (!child) break;
    }
  }
  return runs;
}

/** The run, or its whole container when it fills it, plus the label just before either. */
function withLabel(article: DomElement, parent: DomElement, run: DomElement[]): DomElement[] {
  const group = run.length === parent.children.length && parent !== article ? [parent] : run;
  const label = group[0].previousElementSibling;
  return label && isRunLabel(label) ? [label, ...group] : group;
}

function isSiteLinkItem(item: DomElement, measure: Measure, isOwnSiteLink: (href: string | null) => boolean): boolean {
  if (!measure.containsLink || measure.text === 0 || measure.text > LINK_ITEM_WORDS * CHARACTERS_PER_WORD) return false;
  // Items are blocks (list items, paragraphs, teaser cards), never the links inside a sentence.
  if (!BLOCK_TAGS.has(measure.tag) || measure.tag === 'FIGURE' || measure.quotedOrTabular || measure.inFigure) return false;
  // A headline link, or a teaser: a picture linking to the story, and its headline.
  const isTeaser = measure.containsImageLink && measure.containsHeading;
  if (measure.linkText < measure.text * 0.8 && !isTeaser) return false;
  return (
    isShort(normalizedText(item), LINK_ITEM_WORDS) &&
    Array.from(item.querySelectorAll('a[href]')).every((link) => isOwnSiteLink(link.getAttribute('href')))
  );
}

/** "More:", "You may also like…", "DON'T MISS", a short heading: what introduces a list of links. */
function isRunLabel(element: DomElement): boolean {
  const text = normalizedText(element);
  if (!text || !isShort(text, 6)) return false;
  return HEADING.test(element.tagName) || /[:…]$|\.\.\.$/.test(text) || isUpperCase(text);
}

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i;

/** The host without "www." or "m.", so a site's desktop and mobile addresses count as one. */
function siteOf(url: string, base: string | null): string | null {
  try {
    return new URL(url, base ?? undefined).hostname.replace(/^(?:www\d*|m)\./, '');
  } catch {
    return null;
  }
}

// --- text ----------------------------------------------------------------------------------

/** Generous for English, so a "short" line in a language with long words is still short. */
const CHARACTERS_PER_WORD = 12;

function normalizedText(element: DomElement): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** At most `words` words, and as many characters as that many words would have (CJK has no spaces). */
function isShort(text: string, words: number): boolean {
  if (text.length > words * CHARACTERS_PER_WORD) return false;
  // Spaces counted, not split out: the rules ask this of each short line several times.
  let spaces = 0;
  for (let at = text.indexOf(' '); at !== -1; at = text.indexOf(' ', at + 1)) {
    if (++spaces >= words) return false;
  }
  return true;
}

function isUpperCase(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function hasAncestorIn(element: DomElement, set: Set<DomElement>): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (set.has(parent)) return true;
  }
  return false;
}
