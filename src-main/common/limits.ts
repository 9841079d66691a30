/**
 * The limits a person can run into, declared once: the contract's schemas, the clipper, the
 * CLI and the renderer read them here, and every refusal names the limit it hit.
 */
import type { DocNode } from './model';

/** The largest page Commonplace accepts: fetched, sent by the bookmarklet, pasted or read from a file. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

/** The largest note, as its document's JSON or as Markdown. */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024;

/** The longest comment on a highlight: an essay's length, far beyond what a comment needs. */
export const MAX_COMMENT_CHARS = 100_000;

/**
 * How deep a page's elements may nest. Browsers build no deeper than 512 levels; the parsers
 * and Readability walk the tree, and their time grows with its depth.
 */
export const MAX_PAGE_NESTING = 512;

/**
 * How deep a note's blocks may nest (quotes in quotes, lists in lists, tables in cells). Real
 * writing nests a handful of levels; the store, the reader and the export walk the document.
 */
export const MAX_NOTE_DEPTH = 100;

/** An article's blocks nest one level less than a note's: a quoted passage adds one block around them. */
export const MAX_ARTICLE_DEPTH = MAX_NOTE_DEPTH - 1;

/** "20 MB": a size limit as messages state it. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Whether a document (the doc node is level 1) has a node deeper than `limit`. It walks without
 * recursion and reads only well-formed content arrays, so any JSON value is safe to give it.
 */
export function docDepthExceeds(doc: DocNode, limit: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: doc, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > limit) return true;
    const content = typeof next.node === 'object' && next.node !== null ? (next.node as DocNode).content : undefined;
    if (Array.isArray(content)) for (const child of content) pending.push({ node: child, depth: next.depth + 1 });
  }
  return false;
}
