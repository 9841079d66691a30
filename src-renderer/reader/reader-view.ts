/**
 * The reader's document view: a read-only Tiptap editor over the stored document, built
 * with the shared extension list, with highlights drawn as decorations. It never receives HTML.
 */
import { Editor } from '@tiptap/core';
import { articleExtensions } from '@common/editor-schema';
import type { DocNode, Highlight } from '@common/model';
import { docTextWithRuns } from '@common/text';
import { HighlightDecorations, highlightKey, type DecoratedRange } from './highlight-decorations';
import { docToTextOffset, textToDocPosition } from './positions';

export interface ReaderView {
  /** The document's plain text, computed here the way main computed it at clip time. */
  text: string;
  /** Draws these highlights (those placed on this capture). */
  showHighlights(highlights: Highlight[]): void;
  /** The current selection as offsets in the text, or null when nothing is selected. */
  selectedRange(): { start: number; end: number } | null;
  destroy(): void;
}

/** The element holding the reader exposes its text, for the tests that compare it with main's. */
export interface ReaderElement extends HTMLElement {
  readerText?: string;
}

export function mountReaderView(element: ReaderElement, doc: DocNode): ReaderView {
  const editor = new Editor({
    element,
    extensions: [...articleExtensions, HighlightDecorations],
    content: doc,
    editable: false,
    injectCSS: false,
    enableInputRules: false,
    enablePasteRules: false,
  });
  const { text, runs } = docTextWithRuns(editor.getJSON() as DocNode);
  element.readerText = text;
  return {
    text,
    showHighlights(highlights) {
      const ranges: DecoratedRange[] = [];
      for (const highlight of highlights) {
        const { start, end } = highlight.placement;
        if (start === null || end === null) continue;
        const from = textToDocPosition(runs, start, 'start');
        const to = textToDocPosition(runs, end, 'end');
        if (from !== null && to !== null && from < to) ranges.push({ id: highlight.id, from, to, color: highlight.color, isClaim: highlight.isClaim });
      }
      editor.view.dispatch(editor.state.tr.setMeta(highlightKey, ranges));
    },
    selectedRange() {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
      const range = selection.getRangeAt(0);
      if (!element.contains(range.commonAncestorContainer)) return null;
      const from = editor.view.posAtDOM(range.startContainer, range.startOffset);
      const to = editor.view.posAtDOM(range.endContainer, range.endOffset);
      const start = docToTextOffset(runs, Math.min(from, to), 'start');
      const end = docToTextOffset(runs, Math.max(from, to), 'end');
      return start !== null && end !== null && start < end && text.slice(start, end).trim() ? { start, end } : null;
    },
    destroy: () => editor.destroy(),
  };
}
