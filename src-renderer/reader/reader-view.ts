/**
 * The reader's document view: a read-only Tiptap editor over the stored document, built
 * with the shared extension list, with highlights drawn as decorations. It never receives HTML.
 */
import { Editor } from '@tiptap/core';
import { articleExtensions } from '@common/editor-schema';
import type { DocNode, Highlight } from '@common/model';
import { docTextWithRuns, type TextRun } from '@common/text';
import { HighlightDecorations, highlightKey, type DecoratedRange } from './highlight-decorations';
import { docToTextOffset, textToDocPosition } from './positions';

export interface ReaderView {
  /** The read-only editor, for reader features that add their own plugins or read positions. */
  editor: Editor;
  /** The document's plain text, computed here the way main computed it at clip time. */
  text: string;
  /** Where each stretch of `text` sits in the document (see reader/positions.ts). */
  runs: TextRun[];
  /** Draws these highlights (those placed on this capture), the active one marked. */
  showHighlights(highlights: Highlight[], activeId: string | null): void;
  /** Scrolls a drawn highlight into view and flashes it, so the eye finds it. */
  revealHighlight(id: string): void;
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
    editor,
    text,
    runs,
    showHighlights(highlights, activeId) {
      const ranges: DecoratedRange[] = [];
      for (const highlight of highlights) {
        const { start, end } = highlight.placement;
        if (start === null || end === null) continue;
        const from = textToDocPosition(runs, start, 'start');
        const to = textToDocPosition(runs, end, 'end');
        if (from === null || to === null || from >= to) continue;
        const { id, color, isClaim } = highlight;
        ranges.push({ id, from, to, color, isClaim, isFuzzy: highlight.placement.status === 'fuzzy', isActive: id === activeId });
      }
      editor.view.dispatch(editor.state.tr.setMeta(highlightKey, ranges));
    },
    revealHighlight(id) {
      const marks = element.querySelectorAll<HTMLElement>(`[data-highlight-id="${id}"]`);
      marks[0]?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      marks.forEach((mark) => {
        mark.classList.remove('flash');
        void mark.offsetWidth; // restarts the animation when the same highlight is revealed twice
        mark.classList.add('flash');
      });
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
