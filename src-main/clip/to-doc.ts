/**
 * The sanitized article to the document the reader loads: ProseMirror's parser with the shared
 * schema, reading the sanitizer's small DOM. The schema keeps only what it knows (the second
 * sanitizer).
 */
import { getSchema } from '@tiptap/core';
import { DOMParser as ProseMirrorParser } from '@tiptap/pm/model';
import { articleExtensions } from '../common/editor-schema';
import type { DocNode } from '../common/model';
import type { SanitizedElement } from './sanitized-dom';

/** The schema of every article's document. */
export const articleSchema = getSchema(articleExtensions);
const parser = ProseMirrorParser.fromSchema(articleSchema);

export function articleToDoc(article: SanitizedElement): DocNode {
  // ProseMirror reads only the DOM methods the sanitized DOM implements.
  return parser.parse(article as unknown as Node).toJSON() as DocNode;
}
