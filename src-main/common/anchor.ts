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

const SPACE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const QUOTES: Record<string, string> = { '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"' };

/** A text in the one normalisation, with where each of its characters came from. */
export interface NormalizedText {
  text: string;
  /** offsets[i] is the index in the original of normalized character i; one more entry for the end. */
  offsets: number[];
}

export function normalizeText(original: string): NormalizedText {
  let text = '';
  const offsets: number[] = [];
  let inSpace = false;
  for (let i = 0; i < original.length; i++) {
    const char = original[i];
    if (SPACE.test(char)) {
      if (!inSpace) {
        text += ' ';
        offsets.push(i);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    text += QUOTES[char] ?? char;
    offsets.push(i);
  }
  offsets.push(original.length);
  return { text, offsets };
}

function normalized(value: string): string {
  return normalizeText(value).text;
}

/** Anchors many selectors on one text, normalising it once. */
export function anchorAll(selectors: Selectors[], text: string): Anchor[] {
  const target = normalizeText(text);
  return selectors.map((selector) => anchorNormalized(selector, text, target));
}

export function anchor(selectors: Selectors, text: string): Anchor {
  return anchorNormalized(selectors, text, normalizeText(text));
}

/** Below this a match is not trusted: the highlight becomes an orphan. */
export const FUZZY_THRESHOLD = 0.75;
/** At most this share of the quote may differ in an approximate match. */
const MAX_ERROR_RATE = 0.2;

function anchorNormalized({ quote, position }: Selectors, text: string, target: NormalizedText): Anchor {
  const exact = normalized(quote.exact).trim();
  if (!exact) return { status: 'orphan' };

  if (position.end <= text.length && normalized(text.slice(position.start, position.end)).trim() === exact) {
    return { status: 'exact', start: position.start, end: position.end };
  }

  const expected = normalizedIndex(target, position.start);
  const prefix = normalized(quote.prefix);
  const suffix = normalized(quote.suffix);
  const best = bestCandidate(exactOccurrences(target.text, exact), target.text, exact.length, prefix, suffix, expected);
  if (best) {
    const range = originalRange(target, best.start, best.end);
    return { status: range.start === position.start && range.end === position.end ? 'exact' : 'moved', ...range };
  }

  const maxErrors = Math.floor(exact.length * MAX_ERROR_RATE);
  if (maxErrors === 0) return { status: 'orphan' };
  const approximate = search(target.text, exact, maxErrors).map((match) => ({ ...match, quality: 1 - match.errors / exact.length }));
  const fuzzy = bestCandidate(approximate, target.text, exact.length, prefix, suffix, expected);
  if (!fuzzy || fuzzy.score < FUZZY_THRESHOLD) return { status: 'orphan' };
  const range = originalRange(target, fuzzy.start, fuzzy.end);
  return { status: 'fuzzy', ...range, score: Math.round(fuzzy.score * 1000) / 1000, text: text.slice(range.start, range.end) };
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
  let best: (Candidate & { score: number }) | null = null;
  for (const candidate of candidates) {
    const before = contextSimilarity(prefix, text.slice(Math.max(0, candidate.start - prefix.length), candidate.start), 'end');
    const after = contextSimilarity(suffix, text.slice(candidate.end, candidate.end + suffix.length), 'start');
    const distance = Math.abs(candidate.start - expected) / Math.max(text.length, quoteLength, 1);
    const score = 0.6 * candidate.quality + 0.15 * before + 0.15 * after + 0.1 * (1 - distance);
    if (!best || score > best.score) best = { ...candidate, score };
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
function originalRange(target: NormalizedText, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && target.text[from] === ' ') from++;
  while (to > from && target.text[to - 1] === ' ') to--;
  return { start: target.offsets[from], end: target.offsets[to - 1] + 1 };
}
