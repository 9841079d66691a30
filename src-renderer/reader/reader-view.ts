/**
 * The reader's document view: a read-only Tiptap editor over the stored document, built
 * with the shared extension list. It never receives HTML.
 */
import { Editor } from '@tiptap/core';
import { articleExtensions } from '@common/editor-schema';
import type { DocNode } from '@common/model';
import { docToText } from '@common/text';

export interface ReaderView {
  /** The document's plain text, computed here the way main computed it at clip time. */
  text: string;
  destroy(): void;
}

/** The element holding the reader exposes its text, for the tests that compare it with main's. */
export interface ReaderElement extends HTMLElement {
  readerText?: string;
}

export function mountReaderView(element: ReaderElement, doc: DocNode): ReaderView {
  const editor = new Editor({
    element,
    extensions: articleExtensions,
    content: doc,
    editable: false,
    injectCSS: false,
    enableInputRules: false,
    enablePasteRules: false,
  });
  const text = docToText(editor.getJSON() as DocNode);
  element.readerText = text;
  return { text, destroy: () => editor.destroy() };
}
