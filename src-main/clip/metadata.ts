/**
 * What a page says about itself: title, authors, dates, site, DOI and the rest, read from the
 * page's structured statements (JSON-LD, Highwire `citation_*`, OpenGraph, Dublin Core, plain
 * meta tags, `<time>`), most trusted first. Readability keeps only some of this and mutates the
 * document, so read it before Readability runs.
 */
import type { LinkedomDocument } from './dom';
import type { MetadataElement, MetadataElements } from './metadata-elements';


export interface PageMetadata {
  title: string | null;
  /** Person or organisation names: deduplicated, no "By " prefixes, no URLs. */
  authors: string[];
  siteName: string | null;
  /** ISO 8601: the page's own offset kept when it states one; a bare date stays YYYY-MM-DD. */
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  /** The page's description of itself. */
  excerpt: string | null;
  canonicalUrl: string | null;
  /** A bare DOI: 10.1234/abc. */
  doi: string | null;
  journal: string | null;
  pdfUrl: string | null;
  publisher: string | null;
}

/**
 * `elements` are findMetadataElements(document); `html` is the page as parsed into `document`:
 * a test of it spares most pages a walk of their text.
 */
export function readPageMetadata(document: LinkedomDocument, elements: MetadataElements, pageUrl: string | null, html: string): PageMetadata {
  const meta = readMetaTags(elements.metaTags);
  const ld = readJsonLd(elements);
  const webUrl = (href: string | null) => (href ? resolveWebUrl(href, pageUrl) : null);
  return {
    title: ld.title ?? meta.first('citation_title', 'og:title', 'dc.title', 'dcterms.title', 'twitter:title', 'parsely-title'),
    authors: firstNonEmpty([
      ld.authors,
      [...meta.all('citation_author').map(invertSurnameFirst), ...meta.all('citation_authors').flatMap((value) => value.split(';'))],
      meta.all('article:author').flatMap(namesInText),
      meta.all('dc.creator', 'dcterms.creator').flatMap(namesInText),
      meta.all('author').flatMap(namesInText),
      meta.all('parsely-author').flatMap(namesInText),
      attributeValues(elements.authorMetaTags, 'content').flatMap(namesInText),
    ].map(cleanNames)),
    // A publisher's name is usually its site's name too, when the page names no site.
    siteName: meta.first('og:site_name') ?? ld.siteName ?? ld.publisher,
    publishedAt: firstDate([
      ld.datePublished,
      ...meta.all('citation_publication_date', 'citation_date', 'citation_online_date', 'article:published_time'),
      ...meta.all('dcterms.issued', 'dc.date.issued', 'dcterms.date', 'dc.date', 'dcterms.created', 'dc.date.created'),
      ...attributeValues(elements.datePublished, 'datetime', 'content'),
      ...meta.all('parsely-pub-date', 'date', 'pubdate', 'publishdate', 'publish-date'),
      ...pageTimes(elements),
    ]),
    modifiedAt: firstDate([
      ld.dateModified,
      ...meta.all('article:modified_time', 'og:updated_time', 'dcterms.modified', 'dc.date.modified'),
      ...attributeValues(elements.dateModified, 'datetime', 'content'),
    ]),
    lang: firstLanguage([
      document.documentElement?.getAttribute('lang') ?? null,
      ...meta.all('http-equiv:content-language'),
      ld.lang,
      ...meta.all('dc.language', 'dcterms.language', 'citation_language'),
      ...meta.all('og:locale'),
    ]),
    excerpt:
      ld.description ??
      meta.first('og:description', 'dc.description', 'dcterms.description', 'dcterms.abstract', 'description', 'citation_abstract', 'twitter:description'),
    canonicalUrl: readCanonicalUrl(elements, pageUrl),
    doi: ld.doi ?? firstDoi(meta.all('citation_doi', 'prism.doi', 'bepress_citation_doi', 'dc.identifier', 'dcterms.identifier')) ?? soleDoiInPage(document, html, elements),
    journal: meta.first('citation_journal_title') ?? ld.journal ?? meta.first('prism.publicationname'),
    pdfUrl: webUrl(meta.first('citation_pdf_url')) ?? webUrl(attributeValues(elements.pdfLinks, 'href')[0] ?? null),
    publisher: ld.publisher ?? meta.first('citation_publisher', 'dc.publisher', 'dcterms.publisher', 'publisher'),
  };
}

/** The address the page names as its own: `<link rel=canonical>`, else og:url; http(s) only. */
export function readCanonicalUrl(elements: MetadataElements, pageUrl: string | null): string | null {
  const candidates = [elements.canonicalLinks[0]?.getAttribute('href'), elements.ogUrlMetaTags[0]?.getAttribute('content')];
  for (const candidate of candidates) {
    const url = candidate ? resolveWebUrl(candidate.trim(), pageUrl) : null;
    if (url) return url;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Meta tags

interface MetaTags {
  /** The first value under any of the keys, in the order of the keys. */
  first(...keys: string[]): string | null;
  /** Every value under the keys, key by key, each in document order. */
  all(...keys: string[]): string[];
}

/**
 * Meta values by lower-cased key, from `name`, `property` (RDFa allows several keys in one
 * attribute) and `http-equiv`. Dublin Core is spelled `DC.title`, `dc:title`, `dcterms:title`…
 * by different sites: all become `dc.title` / `dcterms.title`.
 */
function readMetaTags(metaTags: MetadataElement[]): MetaTags {
  const values = new Map<string, string[]>();
  for (const element of metaTags) {
    const content = cleanText(element.getAttribute('content'));
    if (!content) continue;
    const keys = [
      ...(element.getAttribute('property') ?? '').split(/\s+/),
      element.getAttribute('name') ?? '',
      element.getAttribute('http-equiv') ? `http-equiv:${element.getAttribute('http-equiv')}` : '',
    ];
    for (const key of new Set(keys.map(normalizeMetaKey).filter(Boolean))) {
      const list = values.get(key) ?? [];
      list.push(content);
      values.set(key, list);
    }
  }
  const all = (...keys: string[]) => keys.flatMap((key) => values.get(key) ?? []);
  return { all, first: (...keys) => all(...keys)[0] ?? null };
}

function normalizeMetaKey(key: string): string {
  return key.trim().toLowerCase().replace(/^(dc|dcterms?)[.:]/, (_match, prefix: string) => (prefix === 'dc' ? 'dc.' : 'dcterms.'));
}

function attributeValues(elements: MetadataElement[], ...attributes: string[]): string[] {
  return elements.flatMap((element) => {
    const value = attributes.map((name) => cleanText(element.getAttribute(name))).find(Boolean);
    return value ? [value] : [];
  });
}

/**
 * Dates the page shows rather than declares: microformats (h-entry's dt-published, hAtom's
 * abbr.published), the HTML5 draft's `pubdate`, then the first valid `<time>` in an article.
 */
function pageTimes(elements: MetadataElements): string[] {
  return [
    ...attributeValues(elements.microformatDates, 'datetime', 'title'),
    ...attributeValues(elements.pubdateTimes, 'datetime'),
    ...attributeValues(elements.articleTimes, 'datetime'),
  ];
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

type LdNode = Record<string, unknown>;

interface LdFacts {
  title: string | null;
  authors: string[];
  datePublished: string | null;
  dateModified: string | null;
  description: string | null;
  publisher: string | null;
  siteName: string | null;
  journal: string | null;
  lang: string | null;
  doi: string | null;
}

const ARTICLE_TYPE = /(Article|Posting)$|^Report$/;
const PAGE_TYPE = /Page$/;

/**
 * The article the page's JSON-LD describes (an Article-like node, at the top, in an @graph or
 * as a page's mainEntity), with the WebPage node filling what the article node leaves out.
 * Broken JSON-LD is common and never fatal: a script that does not parse is skipped.
 */
function readJsonLd(elements: MetadataElements): LdFacts {
  const nodes = elements.typedScripts
    .filter((script) => /^\s*application\/ld\+json\b/i.test(script.getAttribute('type') ?? ''))
    .flatMap((script) => flattenGraph(parseJsonLenient(script.textContent ?? '')));
  const byId = new Map(nodes.filter((node) => typeof node['@id'] === 'string').map((node) => [node['@id'] as string, node]));
  const resolve = (value: unknown) => dereference(value, byId);
  const page = nodes.find((node) => hasType(node, PAGE_TYPE));
  const mainEntity = page ? resolve(page.mainEntity) : null;
  const article = nodes.find((node) => hasType(node, ARTICLE_TYPE)) ?? (mainEntity && hasType(mainEntity, ARTICLE_TYPE) ? mainEntity : undefined);
  const website = nodes.find((node) => hasType(node, /^WebSite$/));
  const documentTitle = cleanText(elements.titles[0]?.textContent);
  const facts = [article, page].filter((node): node is LdNode => Boolean(node)).map((node) => factsOf(node, resolve, documentTitle));
  const pick = <K extends keyof LdFacts>(key: K): LdFacts[K] | null => facts.map((fact) => fact[key]).find((value) => value && value.length > 0) ?? null;
  return {
    title: pick('title'),
    authors: pick('authors') ?? [],
    datePublished: pick('datePublished'),
    dateModified: pick('dateModified'),
    description: pick('description'),
    publisher: pick('publisher'),
    siteName: pick('siteName') ?? ldText(website?.name),
    journal: pick('journal'),
    lang: pick('lang'),
    doi: pick('doi'),
  };
}

function factsOf(node: LdNode, resolve: (value: unknown) => LdNode | null, documentTitle: string | null): LdFacts {
  const containers = isPartOfChain(node, resolve);
  const authors = ldNames(node.author, resolve);
  return {
    title: chooseTitle(ldText(node.headline), ldText(node.name), documentTitle),
    authors: cleanNames(authors.length > 0 ? authors : ldNames(node.creator, resolve)),
    datePublished: ldText(node.datePublished),
    dateModified: ldText(node.dateModified),
    description: ldText(node.description),
    publisher: listOf(node.publisher).map((item) => ldName(item, resolve)).find(Boolean) ?? null,
    siteName: ldText(containers.find((container) => hasType(container, /^WebSite$/))?.name),
    journal: ldText(containers.find((container) => hasType(container, /^Periodical$/))?.name),
    lang: ldLanguage(node.inLanguage),
    doi: firstDoi([node.identifier, node.sameAs, node['@id'], node.url].flatMap(identifierStrings)),
  };
}

/** Pages put JSON-LD in CDATA sections and leave raw newlines inside strings: forgive both. */
function parseJsonLenient(text: string): unknown {
  const json = text.replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, '').trim();
  for (const candidate of [json, json.replace(/[\u0000-\u001f]+/g, ' ')]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next, more forgiving reading
    }
  }
  return null;
}

/**
 * Top-level nodes and the members of every @graph, in document order. Recursion over the
 * page's JSON stays shallow: hostile JSON-LD nested thousands deep must not overflow the stack.
 */
function flattenGraph(value: unknown, depth = 0): LdNode[] {
  if (depth > 4) return [];
  if (Array.isArray(value)) return value.flatMap((item) => flattenGraph(item, depth + 1));
  if (!isNode(value)) return [];
  return [value, ...flattenGraph(value['@graph'], depth + 1)];
}

/** A value or list of values (JSON-LD allows either anywhere), lists nested at most twice. */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flat(2) : [value];
}

/** A `{"@id": …}` reference stands for the node of that id elsewhere in the page's JSON-LD. */
function dereference(value: unknown, byId: Map<string, LdNode>): LdNode | null {
  if (!isNode(value)) return null;
  const id = value['@id'];
  return typeof id === 'string' && !('name' in value) && byId.has(id) ? byId.get(id)! : value;
}

/** What the article is part of, nearest first: issue → volume → periodical, or the website. */
function isPartOfChain(node: LdNode, resolve: (value: unknown) => LdNode | null): LdNode[] {
  const chain: LdNode[] = [];
  let current = resolve(listOf(node.isPartOf)[0]);
  while (current && chain.length < 5 && !chain.includes(current)) {
    chain.push(current);
    current = resolve(listOf(current.isPartOf)[0]);
  }
  return chain;
}

function isNode(value: unknown): value is LdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `@type` may be a list, and may be written `schema:Article` or `http://schema.org/Article`. */
function hasType(node: LdNode, pattern: RegExp): boolean {
  return [node['@type']].flat().some((type) => typeof type === 'string' && pattern.test(type.replace(/^.*[/:#]/, '')));
}

/** The first text of a value: a string, or a `{"@value": …}` object. */
function ldText(value: unknown): string | null {
  for (const item of listOf(value)) {
    const text = cleanText(isNode(item) ? stringOrNull(item['@value']) : stringOrNull(item));
    if (text) return text;
  }
  return null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function ldName(value: unknown, resolve: (value: unknown) => LdNode | null): string | null {
  if (typeof value === 'string') return cleanText(value);
  const node = resolve(value);
  if (!node) return null;
  const fullName = [ldText(node.givenName), ldText(node.familyName)].filter(Boolean).join(' ');
  return ldText(node.name) ?? (fullName || null);
}

/** Authors as strings (possibly several in one), Person or Organization nodes, or a list. */
function ldNames(value: unknown, resolve: (value: unknown) => LdNode | null): string[] {
  return listOf(value).flatMap((item) => {
    if (typeof item === 'string') return namesInText(item);
    const name = ldName(item, resolve);
    return name ? [name] : [];
  });
}

function ldLanguage(value: unknown): string | null {
  if (isNode(value)) return ldText(value.alternateName) ?? ldText(value.name);
  return ldText(value);
}

/** Identifiers come as strings or as PropertyValue-like objects ({"propertyID": "DOI", "value": …}). */
function identifierStrings(value: unknown): string[] {
  return listOf(value).flatMap((item) => (isNode(item) ? [item.value, item['@value'], item.url, item['@id']] : [item])).flatMap((item) => stringOrNull(item) ?? []);
}

/**
 * `headline` is the article's title by definition, but some sites misuse it for a tagline and
 * keep the title in `name`: take `name` only when the page's `<title>` bears it out and not the
 * headline.
 */
function chooseTitle(headline: string | null, name: string | null, documentTitle: string | null): string | null {
  if (!headline || !name || !documentTitle) return headline ?? name;
  const matchesTitle = (text: string) => wordsFoundIn(text, documentTitle) >= 0.75;
  return matchesTitle(name) && !matchesTitle(headline) ? name : headline;
}

function wordsFoundIn(text: string, container: string): number {
  const containerWords = new Set(words(container));
  const textWords = words(text);
  return textWords.filter((word) => containerWords.has(word)).length / Math.max(textWords.length, 1);
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * A free-text author field: "By Jane Doe and John Roe; Ann Poe". Semicolons always separate
 * names; commas and "and" only when every part is a full name, so "Mac & i", "Simon & Schuster"
 * and "Doe, Jane" stay one name.
 */
function namesInText(value: string): string[] {
  return value
    .replace(/^\s*by\b[:\s]*/i, '')
    .split(';')
    .flatMap((part) => {
      const names = part.split(/\s*(?:,|&|\band\b|\bund\b|\bet\b)\s*/i);
      return names.every((name) => name.trim().split(/\s+/).length >= 2) ? names : [part];
    });
}

/** Highwire's citation_author is one author per tag, usually "Surname, Given names". */
function invertSurnameFirst(name: string): string {
  const parts = name.split(',').map((part) => part.trim());
  return parts.length === 2 && parts[0] && parts[1] ? `${parts[1]} ${parts[0]}` : name;
}

/** Trimmed, "By " prefixes and profile URLs dropped, each name once (case-insensitively). */
function cleanNames(names: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of names) {
    const name = cleanText(raw.replace(/^\s*by\b[:\s]*/i, ''));
    if (!name || name.length < 2 || name.length > 100 || looksLikeUrl(name) || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    result.push(name);
  }
  return result;
}

function looksLikeUrl(value: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|\/\/|www\.)/i.test(value);
}

// ---------------------------------------------------------------------------------------------
// Dates

function firstDate(candidates: Array<string | null>): string | null {
  for (const candidate of candidates) {
    const date = toIsoDate(candidate);
    if (date) return date;
  }
  return null;
}

const ISO_LIKE =
  /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;
/**
 * A zone name, or a numeric offset right after a time (so the year in 05-29-2007 is not one),
 * perhaps followed by the zone's name in brackets as JavaScript's Date#toString writes it.
 */
const ZONE_SUFFIX = /(?:(?<![a-z])(Z|GMT|UTC|[ECMP][SD]T)|\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:GMT|UTC)?\s*([+-])(\d{2}):?(\d{2}))\s*(?:\([^)]*\))?\s*$/i;
const US_ZONE_HOURS: Record<string, number> = { EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

/**
 * ISO 8601 from the ways pages write dates. ISO-like input keeps its precision and its offset
 * (normalised to ±HH:MM); a date without a zone stays without one rather than being pinned to
 * this machine's zone. Anything unparseable, or without a four-digit year, is null.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  const iso = ISO_LIKE.exec(text);
  if (iso) return isoFromParts(iso);
  if (!/\b\d{4}\b/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : isoFromParsed(text, new Date(time));
}

function isoFromParts([, year, month, day, hour, minute, second, fraction, zone]: RegExpExecArray): string | null {
  if (!month) return validDate(year, '1', '1') ? year : null;
  if (!validDate(year, month, day ?? '1')) return null;
  const date = [year, pad(month), ...(day ? [pad(day)] : [])].join('-');
  if (!hour) return date;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
  const clock = `${pad(hour)}:${minute}${second ? `:${second}${fraction ?? ''}` : ''}`;
  return `${date}T${clock}${normalizeOffset(zone)}`;
}

function validDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return Number(year) >= 1000 && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

function normalizeOffset(zone: string | undefined): string {
  if (!zone) return '';
  if (zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
}

/** A date Date.parse understood: written in the page's own offset when it names one. */
function isoFromParsed(text: string, date: Date): string {
  const zone = ZONE_SUFFIX.exec(text);
  if (!zone) {
    // No zone: Date.parse read it as local time, so the local fields are what the page wrote.
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    if (!/\d:\d\d/.test(text)) return day;
    return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }
  const [, name, sign, hours, minutes] = zone;
  const offsetMinutes = name ? (US_ZONE_HOURS[name.toUpperCase()] ?? 0) * 60 : (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const wallClock = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${wallClock}${offsetMinutes === 0 ? 'Z' : formatOffset(offsetMinutes)}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

function pad(value: string | number): string {
  return String(value).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Language, DOI, URLs, text

/** A language tag (og:locale's `en_US` becomes `en-US`); lists and junk are not one. */
function firstLanguage(candidates: Array<string | null>): string | null {
  for (const candidate of candidates) {
    const tag = candidate?.trim().replace(/_/g, '-');
    if (tag && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(tag)) return tag;
  }
  return null;
}

const DOI = /\b(10\.\d{4,9}\/[^\s"'<>]+)/;

/** The DOI in `doi:10.…`, `https://doi.org/10.…` or a bare `10.…`, without trailing punctuation. */
function doiIn(value: string): string | null {
  // In a link the DOI is the path: a query or fragment after it is the link's, not the DOI's.
  const match = DOI.exec(safeDecodeUri(/^https?:\/\//i.test(value) ? pathOf(value) : value));
  return match ? trimDoi(match[1]) : null;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function firstDoi(values: string[]): string | null {
  return values.map(doiIn).find(Boolean) ?? null;
}

/** Closing brackets belong to the DOI only when it opened them: 10.1002/(SICI)… keeps its own. */
function trimDoi(doi: string): string {
  let trimmed = doi.replace(/[.,;:]+$/, '');
  while (/[)\]]$/.test(trimmed) && count(trimmed, /[([]/g) < count(trimmed, /[)\]]/g)) {
    trimmed = trimmed.slice(0, -1).replace(/[.,;:]+$/, '');
  }
  return trimmed;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * A DOI the page names in links (doi.org/10.…) or text ("doi:10.…"), only when it names exactly
 * one: a page citing several papers has no single DOI of its own to give.
 */
function soleDoiInPage(document: LinkedomDocument, html: string, elements: MetadataElements): string | null {
  const distinct = new Map<string, string>();
  const add = (doi: string | null) => {
    if (doi) distinct.set(doi.toLowerCase(), doi);
  };
  attributeValues(elements.doiLinks, 'href').forEach((href) => add(doiIn(href)));
  // Links to two already settle it, whatever the text says: a reference list's text is long to walk.
  if (distinct.size > 1) return null;
  if (mayNameDoiInText(html)) doisInText(document).forEach(add);
  return distinct.size === 1 ? [...distinct.values()][0] : null;
}

/**
 * Whether the page's text can name a DOI: a DOI's "10.NNNN" prefix and the word "doi" as
 * doisInText finds it are both in the HTML wherever they are in its text (character
 * references for digits and letters aside, which no page uses for them). After "doi" the text
 * has a colon, a space, the DOI's "1" or ".org/"; in the HTML a tag or a character reference
 * may stand where the text has a space. Words such as "doing" rule a page out.
 */
function mayNameDoiInText(html: string): boolean {
  // No \b before "doi": in the HTML a character reference without its semicolon ("&nbspdoi") may stand before it.
  return /10\.\d{4}/.test(html) && /doi(?:[:\s\d<&.]|$)/i.test(html);
}

/**
 * The DOIs the body's visible text names. Every one follows a "doi" within one text node, so a
 * page whose visible text never says "doi" (most) is answered without joining all its text.
 */
function doisInText(document: LinkedomDocument): string[] {
  const nodes = bodyTextNodes(document);
  if (!nodes.some((node) => /doi/i.test(node.nodeValue ?? '') && isVisible(node))) return [];
  const text = nodes.filter(isVisible).map((node) => node.nodeValue ?? '').join(' ');
  return [...text.matchAll(/\b(?:doi:?\s*|doi\.org\/)(10\.\d{4,9}\/[^\s"'<>]+)/gi)].map((match) => trimDoi(match[1]));
}

type TextNode = NonNullable<ReturnType<ReturnType<LinkedomDocument['createTreeWalker']>['nextNode']>>;

/** The body's text nodes, in one pass (no recursion: no page is too deep). */
function bodyTextNodes(document: LinkedomDocument): TextNode[] {
  if (!document.body) return [];
  const nodes: TextNode[] = [];
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  return nodes;
}

const INVISIBLE_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

function isVisible(node: TextNode): boolean {
  return !INVISIBLE_ELEMENTS.has(node.parentNode?.nodeName.toUpperCase() ?? '');
}

function safeDecodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function resolveWebUrl(href: string, base: string | null): string | null {
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function firstNonEmpty(lists: string[][]): string[] {
  return lists.find((list) => list.length > 0) ?? [];
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Whitespace collapsed, and entities decoded once more: many sites escape meta values and
 * JSON-LD strings twice (`That&amp;#039;s`), so after the parser's decoding `&#039;` is left.
 */
function cleanText(value: string | null | undefined): string | null {
  const decoded = value?.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_match, hex?: string, decimal?: string, name?: string) => {
    if (name) return NAMED_ENTITIES[name.toLowerCase()];
    const codePoint = hex ? parseInt(hex, 16) : Number(decimal);
    const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : '\ufffd';
  });
  const trimmed = decoded?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}
