/**
 * A link to a passage on the live page: a URL text fragment, `#:~:text=[prefix-,]start[,end][,-suffix]`
 * (WICG "URL Fragment Text Directives"). Browsers that support it scroll to and highlight
 * the passage; others open the page.
 *
 * How the spec's matching shapes what is written:
 * - each term (prefix, start, end, suffix) matches text within one block of the page, while
 *   the passage and its context may span blocks: a quote across paragraphs, list items or
 *   table cells is written as start,end, and context is taken from its nearest block;
 * - the prefix must begin and the suffix end at a word boundary, so a context word the stored
 *   context cut in half is left out;
 * - `-`, `&` and `,` are syntax: every character outside the URL unreserved set
 *   (A–Z a–z 0–9 - . _ ~) is percent-encoded as UTF-8, `-` too, after NFC.
 */
import { CONTEXT_LENGTH } from './anchor';

/** A one-block quote up to this many characters goes whole; a longer one as start,end. */
const WHOLE_QUOTE_MAX = 300;
const EDGE_WORDS = 5;
const CONTEXT_WORDS = 3;
/** Where our plain text (common/text.ts) separates blocks: lines, list items, table cells. */
const BLOCK_BREAK = /[\n\r\t\u2028\u2029]+/;

export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * The page's address with a text directive for the passage. An existing fragment (#section)
 * and any directive are replaced. The plain address when the quote has no text; null when
 * the address is not http(s).
 */
export function textFragmentUrl(url: string | null, quote: QuoteSelector): string | null {
  const page = webPageAddress(url);
  return page === null ? null : withTextDirective(page, quote);
}

/** `page` (an address without a fragment) with the passage's text directive; `page` when the quote has no text. */
export function withTextDirective(page: string, quote: QuoteSelector): string {
  const directive = textDirective(quote);
  return directive ? `${page}#:~:text=${directive}` : page;
}

/** The address without its fragment, which a text directive goes on; null when it is not http(s). */
export function webPageAddress(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // A serialised URL has no "#" before its fragment's.
  const hash = parsed.href.indexOf('#');
  return hash === -1 ? parsed.href : parsed.href.slice(0, hash);
}

function textDirective(quote: QuoteSelector): string | null {
  const blocks = blocksOf(quote.exact);
  if (blocks.length === 0) return null;
  const terms: string[] = [];
  const prefix = contextBefore(quote.prefix);
  if (prefix) terms.push(`${encodeTerm(prefix)}-`);
  const only = blocks.length === 1 ? blocks[0] : null;
  if (only !== null && (only.length <= WHOLE_QUOTE_MAX || wordCount(only) <= 2 * EDGE_WORDS)) {
    terms.push(encodeTerm(only));
  } else {
    terms.push(encodeTerm(firstWords(blocks[0], EDGE_WORDS)), encodeTerm(lastWords(blocks[blocks.length - 1], EDGE_WORDS)));
  }
  const suffix = contextAfter(quote.suffix);
  if (suffix) terms.push(`-${encodeTerm(suffix)}`);
  return terms.join(',');
}

/** The non-blank blocks of a text, trimmed; whitespace inside a block is kept as the page has it. */
function blocksOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(BLOCK_BREAK)
    .map((block) => block.trim())
    .filter(Boolean);
}

/**
 * The last words of the context before the quote, from its last non-blank block. The stored
 * prefix is the CONTEXT_LENGTH characters before the quote: when it is that long it may begin
 * inside a word, and that word is dropped (a shorter one reached the start of the text).
 */
function contextBefore(prefix: string): string | null {
  const blocks = prefix.normalize('NFC').split(BLOCK_BREAK);
  let index = blocks.length - 1;
  while (index >= 0 && !blocks[index].trim()) index--;
  if (index < 0) return null;
  const words = blocks[index].trim().split(/\s+/);
  const cutAtStart = index === 0 && prefix.length >= CONTEXT_LENGTH && !/^\s/.test(blocks[0]);
  const whole = cutAtStart ? words.slice(1) : words;
  return whole.length > 0 ? whole.slice(-CONTEXT_WORDS).join(' ') : null;
}

/** The first words of the context after the quote, from its first non-blank block (mirror of contextBefore). */
function contextAfter(suffix: string): string | null {
  const blocks = suffix.normalize('NFC').split(BLOCK_BREAK);
  let index = 0;
  while (index < blocks.length && !blocks[index].trim()) index++;
  if (index === blocks.length) return null;
  const words = blocks[index].trim().split(/\s+/);
  const cutAtEnd = index === blocks.length - 1 && suffix.length >= CONTEXT_LENGTH && !/\s$/.test(blocks[index]);
  const whole = cutAtEnd ? words.slice(0, -1) : words;
  return whole.length > 0 ? whole.slice(0, CONTEXT_WORDS).join(' ') : null;
}

function wordCount(block: string): number {
  return block.split(/\s+/).length;
}

const SPACE = /\s/;

/**
 * The first `count` words of a trimmed block, with the spaces between them as the page has
 * them. Walked by hand: an anchored regex would be compiled per call and, for the last words,
 * tried from every position of a long quote.
 */
function firstWords(block: string, count: number): string {
  let end = 0;
  for (let words = 0; words < count && end < block.length; words++) {
    while (end < block.length && SPACE.test(block[end])) end++;
    while (end < block.length && !SPACE.test(block[end])) end++;
  }
  return block.slice(0, end);
}

function lastWords(block: string, count: number): string {
  let start = block.length;
  for (let words = 0; words < count && start > 0; words++) {
    while (start > 0 && SPACE.test(block[start - 1])) start--;
    while (start > 0 && !SPACE.test(block[start - 1])) start--;
  }
  return block.slice(start);
}

/** UTF-8 percent-encoding of all but the unreserved characters; a lone surrogate becomes U+FFFD. */
function encodeTerm(term: string): string {
  return utf8PercentEncoded(term).replace(/[-!'()*]/g, (character) => LEFT_BY_ENCODE_URI_COMPONENT[character]);
}

/**
 * encodeURIComponent refuses a lone surrogate (URIError). That is rare, and looking for one in
 * every term cost more than the encoding: the term is mended only when it is refused.
 */
function utf8PercentEncoded(term: string): string {
  try {
    return encodeURIComponent(term);
  } catch {
    return encodeURIComponent(term.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  }
}

/** The characters outside the unreserved set that encodeURIComponent leaves as they are. */
const LEFT_BY_ENCODE_URI_COMPONENT: Record<string, string> = { '-': '%2D', '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };
