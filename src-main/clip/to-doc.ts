/**
 * Sanitized HTML to the document the reader loads: ProseMirror's parser with the shared
 * schema, over a small DOM of the sanitized HTML. The schema keeps only what it knows (the
 * second sanitizer).
 */
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { articleExtensions } from '../common/editor-schema';
import type { DocNode } from '../common/model';
import { parseSanitizedHtml } from './sanitized-dom';

const schema = getSchema(articleExtensions);
const parser = ProseMirrorParser.fromSchema(schema);

export function htmlToDoc(html: string): DocNode {
  // ProseMirror reads only the DOM methods the sanitized DOM implements.
  const doc = parser.parse(parseSanitizedHtml(html) as unknown as Node);
  return doc.toJSON() as DocNode;
}
