/**
 * What `[[` searches for and what a chosen result is called in the note. The typed text is
 * reduced to its words, so no character of it is read as query syntax (a quote, a `-`, a
 * `tag:`), and the last word matches the longer words it begins, as typing goes.
 */
import type { SearchHit } from '@common/model';

/** The longest label a reference keeps. */
export const LABEL_LENGTH = 60;

/** The search query for the typed text: its words, the last as a prefix; '' when there are none. */
export function referenceQuery(typed: string): string {
  // Lower case, so that a typed "OR" is a word and not the query language's operator.
  const words = typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return '';
  return [...words.slice(0, -1), `${words[words.length - 1]}*`].join(' ');
}

/** The start of `text`, on one line, at most LABEL_LENGTH characters, cut at a word when one is near. */
export function shortLabel(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= LABEL_LENGTH) return flat;
  const cut = flat.slice(0, LABEL_LENGTH - 1);
  const atWord = /\s/.test(flat[LABEL_LENGTH - 1]) ? cut : cut.replace(/\s+\S*$/, '');
  return `${atWord.length >= LABEL_LENGTH * 0.6 ? atWord : cut.trimEnd()}…`;
}

/** A snippet without the ellipses that say it was cut from a longer text. */
export function snippetText(hit: SearchHit): string {
  return hit.snippet.replace(/^…\s*/, '').replace(/\s*…$/, '');
}

/** How a result is named in the list and what kind of reference it makes. */
export const kindLabel = { article: 'Article', highlight: 'Highlight', claim: 'Claim', note: 'Note' } as const;
