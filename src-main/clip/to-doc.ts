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

/**
 * ProseMirror's parser asks every element whether it matches each of the schema's tag rules;
 * linkedom answers by compiling the CSS selector anew each time, which made parsing the
 * slowest step of a clip. Selectors that are a tag name, optionally with one attribute that
 * must be present ("p", "img[src]"), are answered directly, with the same result; anything
 * else still goes to linkedom.
 */
function answerSimpleSelectorsDirectly(): void {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  let owner: { matches(selector: string): boolean } | null = document.body as unknown as { matches(selector: string): boolean };
  while (owner && !Object.hasOwn(owner, 'matches')) owner = Object.getPrototypeOf(owner);
  if (!owner) return;
  const general = owner.matches;
  const simple = new Map<string, { tag: string; attribute: string | undefined } | null>();
  owner.matches = function (this: { localName: string; hasAttribute(name: string): boolean }, selector: string): boolean {
    let parsed = simple.get(selector);
    if (parsed === undefined) {
      const match = /^([a-z][a-z0-9]*)(?:\[([a-z][a-z0-9-]*)\])?$/.exec(selector);
      parsed = match ? { tag: match[1], attribute: match[2] } : null;
      simple.set(selector, parsed);
    }
    if (!parsed) return general.call(this, selector);
    return this.localName === parsed.tag && (parsed.attribute === undefined || this.hasAttribute(parsed.attribute));
  };
}
answerSimpleSelectorsDirectly();

export function htmlToDoc(html: string): DocNode {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const doc = parser.parse(document.body as unknown as Node);
  return doc.toJSON() as DocNode;
}
