/**
 * Highlight anchors as plain data, over a capture's plain text (common/text.ts): a W3C-style
 * TextQuote selector (the exact text, with up to 32 characters of prefix and suffix) and a
 * TextPosition selector (start and end, in UTF-16 code units). Mapping them to and from the
 * reader's DOM is the renderer's business; this module only needs strings.
 *
 * Re-anchoring on a new capture tries, in order: the stored position, if the text there still
 * matches; an exact search for the quote, nearest the old position and best matching its
 * context ("moved"); an approximate search scored on quote, context and position ("fuzzy");
 * below the threshold, the highlight is an orphan. A passage whose words changed is never
 * exact or moved, and a doubtful match is an orphan: a wrong anchor is worse than none.
 *
 * The one normalisation, applied to both sides before comparing: every run of whitespace
 * (spaces, tabs, newlines, no-break and other Unicode spaces) is one space, and typographic
 * quotes and apostrophes are their ASCII forms. Markup is not text, so emphasis added around
 * a passage changes nothing.
 */
import search from 'approx-string-match';

export const CONTEXT_LENGTH = 32;

export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  start: number;
  end: number;
}

export interface Selectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphan';

export type Anchor =
  | { status: 'exact' | 'moved'; start: number; end: number }
  | { status: 'fuzzy'; start: number; end: number; score: number; text: string }
  | { status: 'orphan' };

/** Selectors for text[start, end). */
export function describeRange(text: string, start: number, end: number): Selectors {
  if (!(0 <= start && start < end && end <= text.length)) throw new RangeError(`No text between ${start} and ${end}.`);
  return {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
    position: { start, end },
  };
}

const QUOTES: Record<string, string> = { '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"' };

/** The characters JavaScript's \s matches: ASCII whitespace, no-break and the other Unicode spaces. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** A text in the one normalisation, with where each of its characters came from. */
export interface NormalizedText {
  text: string;
  /** offsets[i] is the index in the original of normalized character i; one more entry for the end. */
  offsets: Uint32Array;
}

export function normalizeText(original: string): NormalizedText {
  const parts: string[] = [];
  const offsets = new Uint32Array(original.length + 1);
  let length = 0;
  let runStart = 0;
  let inSpace = false;
  // Copies runs of unchanged characters in one slice; only spaces and quotes are rewritten.
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    const space = isSpace(code);
    const quote = !space && code >= 0x2018 ? QUOTES[original[i]] : undefined;
    if (!space && quote === undefined) {
      offsets[length++] = i;
      inSpace = false;
      continue;
    }
    parts.push(original.slice(runStart, i));
    runStart = i + 1;
    if (space) {
      if (!inSpace) {
        parts.push(' ');
        offsets[length++] = i;
      }
      inSpace = true;
    } else {
      parts.push(quote!);
      offsets[length++] = i;
      inSpace = false;
    }
  }
  parts.push(original.slice(runStart));
  offsets[length] = original.length;
  return { text: parts.join(''), offsets: offsets.subarray(0, length + 1) };
}

function normalized(value: string): string {
  return normalizeText(value).text;
}

/** Anchors many selectors on one text, normalising it (when needed) once. */
export function anchorAll(selectors: Selectors[], text: string): Anchor[] {
  const target = lazy(() => normalizeText(text));
  return selectors.map((selector) => anchorIn(selector, text, target));
}

export function anchor(selectors: Selectors, text: string): Anchor {
  return anchorIn(selectors, text, lazy(() => normalizeText(text)));
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Below this a match is not trusted: the highlight becomes an orphan. */
export const FUZZY_THRESHOLD = 0.75;
/** At most this share of the quote may differ in an approximate match. */
const MAX_ERROR_RATE = 0.2;

function anchorIn({ quote, position }: Selectors, text: string, normalizedTarget: () => NormalizedText): Anchor {
  const exact = normalized(quote.exact).trim();
  if (!exact) return { status: 'orphan' };

  if (position.end <= text.length && normalized(text.slice(position.start, position.end)).trim() === exact) {
    return { status: 'exact', start: position.start, end: position.end };
  }

  // Most edits leave the passage's own characters alone: look for them as they were first,
  // which needs no normalising of the whole text.
  // An edit in place (a typo fixed) can leave an identical copy elsewhere (repeated text): the
  // near-identical passage where the highlight was beats the same words somewhere else.
  const inPlace = nearlyInPlace(text, quote.exact, exact, position.start);
  if (inPlace?.quality === 1) return { status: 'moved', start: inPlace.start, end: inPlace.end };
  if (inPlace) return { status: 'fuzzy', start: inPlace.start, end: inPlace.end, score: inPlace.quality, text: text.slice(inPlace.start, inPlace.end) };

  const verbatim = bestCandidate(exactOccurrences(text, quote.exact), text, quote.exact.length, quote.prefix, quote.suffix, position.start);
  if (verbatim && verbatim.context >= CONTEXT_TRUST) return { status: 'moved', start: verbatim.start, end: verbatim.end };

  const target = normalizedTarget();
  const expected = normalizedIndex(target, position.start);
  const prefix = normalized(quote.prefix);
  const suffix = normalized(quote.suffix);
  const best = bestCandidate(exactOccurrences(target.text, exact), target.text, exact.length, prefix, suffix, expected);
  // The same words out of their context may be a copy elsewhere (a repeated line, a quote)
  // while the passage itself was edited in place: then an approximate match in context wins.
  const fuzzy = best && best.context >= CONTEXT_TRUST ? null : approximateMatch(target.text, exact, prefix, suffix, expected);
  if (best && (!fuzzy || best.score >= fuzzy.score)) {
    const range = originalRange(target, best.start, best.end);
    return { status: range.start === position.start && range.end === position.end ? 'exact' : 'moved', ...range };
  }
  if (!fuzzy || fuzzy.score < FUZZY_THRESHOLD) return { status: 'orphan' };
  const range = originalRange(target, fuzzy.start, fuzzy.end);
  return { status: 'fuzzy', ...range, score: Math.round(fuzzy.score * 1000) / 1000, text: text.slice(range.start, range.end) };
}

/** A match this close to the quote, where the highlight was, is the passage edited in place. */
const IN_PLACE_QUALITY = 0.9;

/**
 * The passage where the highlight was, if it is still (nearly) there: quality 1 when only
 * whitespace or quote style changed, less when its characters did. `raw` is the quote as
 * stored, `exact` in the normalisation.
 */
function nearlyInPlace(text: string, raw: string, exact: string, start: number): Candidate | null {
  const maxErrors = Math.floor(raw.length * (1 - IN_PLACE_QUALITY));
  if (maxErrors === 0 || start >= text.length) return null;
  const windowStart = Math.max(0, start - CONTEXT_LENGTH);
  const window = text.slice(windowStart, start + raw.length + 2 * CONTEXT_LENGTH);
  const normalizedWindow = normalizeText(window);
  const same = normalizedWindow.text.indexOf(exact);
  if (same >= 0) {
    const range = originalRange(normalizedWindow, same, same + exact.length);
    if (Math.abs(windowStart + range.start - start) <= maxErrors) return { start: windowStart + range.start, end: windowStart + range.end, quality: 1 };
  }
  const matches = search(window, raw, maxErrors).filter((match) => match.errors > 0 && Math.abs(windowStart + match.start - start) <= maxErrors);
  if (matches.length === 0) return null;
  const best = matches.reduce((a, b) => (b.errors < a.errors ? b : a));
  return { start: windowStart + best.start, end: windowStart + best.end, quality: Math.round((1 - best.errors / raw.length) * 1000) / 1000 };
}

/** How much of the stored context must surround an exact match for it to be taken as is. */
const CONTEXT_TRUST = 0.5;

function approximateMatch(text: string, exact: string, prefix: string, suffix: string, expected: number) {
  const maxErrors = Math.floor(exact.length * MAX_ERROR_RATE);
  if (maxErrors === 0) return null;
  const matches = search(text, exact, maxErrors).filter((match) => match.errors > 0);
  return bestCandidate(matches.map((match) => ({ ...match, quality: 1 - match.errors / exact.length })), text, exact.length, prefix, suffix, expected);
}

interface Candidate {
  start: number;
  end: number;
  /** How well the quote itself matches, from 0 to 1. */
  quality: number;
}

function exactOccurrences(text: string, exact: string): Candidate[] {
  const found: Candidate[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) found.push({ start: at, end: at + exact.length, quality: 1 });
  return found;
}

/**
 * The candidate with the best score: the quote's match counts most, then whether the text
 * around it matches the stored prefix and suffix, then how near it is to where it was.
 */
function bestCandidate(candidates: Candidate[], text: string, quoteLength: number, prefix: string, suffix: string, expected: number) {
  let best: (Candidate & { score: number; context: number }) | null = null;
  for (const candidate of candidates) {
    const before = contextSimilarity(prefix, text.slice(Math.max(0, candidate.start - prefix.length), candidate.start), 'end');
    const after = contextSimilarity(suffix, text.slice(candidate.end, candidate.end + suffix.length), 'start');
    const distance = Math.abs(candidate.start - expected) / Math.max(text.length, quoteLength, 1);
    const score = 0.6 * candidate.quality + 0.15 * before + 0.15 * after + 0.1 * (1 - distance);
    if (!best || score > best.score) best = { ...candidate, score, context: Math.max(before, after) };
  }
  return best;
}

/** How much of the stored context is found next to a candidate (1 when there was none to match). */
function contextSimilarity(stored: string, found: string, anchoredAt: 'start' | 'end'): number {
  const storedTrimmed = stored.trim();
  if (!storedTrimmed) return 1;
  let same = 0;
  const length = Math.min(stored.length, found.length);
  for (let i = 0; i < length; i++) {
    const a = anchoredAt === 'start' ? stored[i] : stored[stored.length - 1 - i];
    const b = anchoredAt === 'start' ? found[i] : found[found.length - 1 - i];
    if (a !== b) break;
    same++;
  }
  return same / stored.length;
}

/** Where an original offset falls in the normalized text. */
function normalizedIndex(target: NormalizedText, originalOffset: number): number {
  let low = 0;
  let high = target.offsets.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (target.offsets[middle] < originalOffset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The original range of normalized text[start, end), without whitespace at its edges. */
export function originalRange(target: NormalizedText, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && target.text[from] === ' ') from++;
  while (to > from && target.text[to - 1] === ' ') to--;
  return { start: target.offsets[from], end: target.offsets[to - 1] + 1 };
}
