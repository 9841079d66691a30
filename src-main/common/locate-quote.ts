/**
 * Finds a quote someone typed (the CLI's `highlight --quote`, the API's `exact`) in an article's
 * text. Typed text rarely has the page's no-break spaces, line breaks or curly quotes, so when
 * the quote does not occur as it is, it is looked for again with spaces and quotes folded as
 * anchoring folds them (common/anchor.ts). Prefix and suffix, when given, pick one occurrence.
 */
import { normalizeText, originalRange } from './anchor';
import { NotebookError } from './errors';

export function locateQuote(text: string, exact: string, prefix = '', suffix = ''): { start: number; end: number } {
  const asTyped = fitting(text, exact, prefix, suffix);
  if (asTyped.places > 0) return choose(asTyped, (at) => ({ start: at, end: at + exact.length }));
  const target = normalizeText(text);
  const quote = normalizeText(exact).text.trim();
  const folded = quote ? fitting(target.text, quote, normalizeText(prefix).text, normalizeText(suffix).text) : { places: 0, fitting: [] };
  return choose(folded, (at) => originalRange(target, at, at + quote.length));
}

interface Occurrences {
  places: number;
  /** The places where the text before ends with the prefix and the text after starts with the suffix. */
  fitting: number[];
}

function fitting(text: string, exact: string, prefix: string, suffix: string): Occurrences {
  const places: number[] = [];
  if (exact) for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) places.push(at);
  return { places: places.length, fitting: places.filter((at) => text.slice(0, at).endsWith(prefix) && text.slice(at + exact.length).startsWith(suffix)) };
}

function choose(found: Occurrences, range: (at: number) => { start: number; end: number }): { start: number; end: number } {
  if (found.fitting.length === 1) return range(found.fitting[0]);
  if (found.places === 0) throw new NotebookError('not_found', `The quote does not occur in the article's text.`, 'exact');
  if (found.fitting.length === 0) {
    throw new NotebookError('not_found', `The quote occurs ${found.places === 1 ? 'once' : `${found.places} times`}, but never with that prefix and suffix.`, 'prefix');
  }
  throw new NotebookError('invalid_input', `The quote occurs in ${found.fitting.length} places: add --prefix or --suffix (text just before or after it) to say which.`, 'exact');
}
