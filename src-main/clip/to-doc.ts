/**
 * Sanitized HTML to the document the reader loads: ProseMirror's parser with the shared
 * schema, over a linkedom body. The schema keeps only what it knows (the second sanitizer).
 */
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import { articleExtensions } from '../common/editor-schema';
import type { DocNode } from '../common/model';

const schema = getSchema(articleExtensions);
const parser = ProseMirrorParser.fromSchema(schema);

export function htmlToDoc(html: string): DocNode {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const doc = parser.parse(document.body as unknown as Node);
  return doc.toJSON() as DocNode;
}
