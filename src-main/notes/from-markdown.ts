/**
 * A note from Markdown: marked renders it, the article sanitizer keeps only what a document
 * can hold (no script, no handler, no address but http, https and mailto), and the notes'
 * schema parses the rest.
 */
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { marked } from 'marked';
import { NotebookError } from '../common/errors';
import { MAX_NOTE_DEPTH, MAX_PAGE_NESTING } from '../common/limits';
import type { DocNode } from '../common/model';
import { noteExtensions } from '../common/note-schema';
import { parsedWithinNesting } from '../clip/nesting';
import { sanitizeArticleHtml } from '../clip/sanitize';
import { parseHTML } from 'linkedom';

const parser = ProseMirrorParser.fromSchema(getSchema(noteExtensions));

export function markdownToNoteDoc(markdown: string): DocNode {
  if (containersExceed(markdown, MAX_NOTE_DEPTH)) {
    throw new NotebookError('too_deep', `The Markdown nests quotes or lists more than ${MAX_NOTE_DEPTH} deep; no note was made.`, 'markdown');
  }
  const html = marked.parse(markdown, { async: false, gfm: true });
  // Raw HTML in Markdown passes through marked: its depth is bounded as a parser builds it.
  const sanitized = parsedWithinNesting(MAX_PAGE_NESTING, () => sanitizeArticleHtml(html, null));
  if (sanitized === null) {
    throw new NotebookError('too_deep', `The Markdown's HTML nests its elements more than ${MAX_PAGE_NESTING} deep; no note was made.`, 'markdown');
  }
  // linkedom, not the clipper's small DOM: the notes' parse rules use attribute selectors.
  const { document } = parseHTML(`<!doctype html><html><body>${sanitized}</body></html>`);
  return parser.parse(document.body as unknown as Node).toJSON() as DocNode;
}

/**
 * Whether a line opens containers deeper than `limit`: each ">" and list marker at its start
 * (with the space after it), and each two columns of other indentation (a nested list is
 * indented at least that much a level). marked lexes containers recursively, in time that grows
 * with their depth, and a few thousand levels overflow its stack, so this is read before it runs.
 */
function containersExceed(markdown: string, limit: number): boolean {
  const prefix = /^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/gm;
  for (let match = prefix.exec(markdown); match; match = prefix.exec(markdown)) {
    let depth = 0;
    let columns = 0;
    for (const [token] of match[0].matchAll(/(?:>|[-*+]|\d{1,9}[.)]) ?|\t| /g)) {
      if (token === ' ') columns++;
      else if (token === '\t') columns += 4;
      else depth++;
    }
    if (depth + Math.floor(columns / 2) > limit) return true;
    // An empty prefix matches the empty string: step past it, or the search would stay put.
    if (match[0].length === 0) prefix.lastIndex++;
  }
  return false;
}

/** The first heading's text, the title a Markdown file gives its note. */
export function markdownTitle(markdown: string): string | null {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown);
  return heading ? heading[1].trim() : null;
}
