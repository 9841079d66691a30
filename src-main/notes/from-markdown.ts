/**
 * A note from Markdown: marked renders it, the article sanitizer keeps only what a document
 * can hold (no script, no handler, no address but http, https and mailto), and the notes'
 * schema parses the rest.
 */
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { marked } from 'marked';
import type { DocNode } from '../common/model';
import { noteExtensions } from '../common/note-schema';
import { sanitizeArticleHtml } from '../clip/sanitize';
import { parseHTML } from 'linkedom';

const parser = ProseMirrorParser.fromSchema(getSchema(noteExtensions));

export function markdownToNoteDoc(markdown: string): DocNode {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const sanitized = sanitizeArticleHtml(html, null);
  // linkedom, not the clipper's small DOM: the notes' parse rules use attribute selectors.
  const { document } = parseHTML(`<!doctype html><html><body>${sanitized}</body></html>`);
  return parser.parse(document.body as unknown as Node).toJSON() as DocNode;
}

/** The first heading's text, the title a Markdown file gives its note. */
export function markdownTitle(markdown: string): string | null {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown);
  return heading ? heading[1].trim() : null;
}
