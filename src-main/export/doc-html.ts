/**
 * An article's document written as HTML, by the schema's own renderHTML (common/editor-schema.ts):
 * what `show --json` gives as `html`. A capture keeps only its document; this HTML is made when
 * asked. Images without a local copy are written as links to the original, so the HTML loads
 * nothing from the network.
 */
import { DOMSerializer, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import type { DocNode } from '../common/model';
import { articleSchema } from '../clip/to-doc';

const serializer = DOMSerializer.fromSchema(articleSchema);

export function articleDocHtml(doc: DocNode): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const container = document.createElement('div');
  const content = ProseMirrorNode.fromJSON(articleSchema, doc).content;
  // ProseMirror's serializer asks only for the document's element and text factories, which linkedom has.
  container.appendChild(serializer.serializeFragment(content, { document: document as unknown as Document }) as unknown as Parameters<typeof container.appendChild>[0]);
  return container.innerHTML;
}
