/**
 * Finding text in the article: matches in the reader's plain text, ignoring case, so a match
 * may run through emphasis and links; drawn as decorations over the read-only document, the
 * current match apart.
 */
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { ReaderView } from './reader-view';
import { textToDocPosition } from './positions';

/** What finding needs of the reader: the editor to draw in, the text to search and the runs between them. */
export type FindableReader = Pick<ReaderView, 'editor' | 'text' | 'runs'>;

export interface DocRange {
  from: number;
  to: number;
}

export interface Finder {
  /** Where the query occurs in the document, in reading order. */
  find(query: string): DocRange[];
  /** Draws these matches, the one at `current` apart, and returns that one's first element. */
  show(matches: DocRange[], current: number): HTMLElement | null;
  destroy(): void;
}

const findKey = new PluginKey<DecorationSet>('commonplace-find');

/** A space in the query matches any white space, so a phrase is found across a line break or from one paragraph into the next. */
function queryPattern(query: string): RegExp {
  const words = query.split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s+'), 'giu');
}

export function attachFinder({ editor, text, runs }: FindableReader): Finder {
  editor.registerPlugin(
    new Plugin<DecorationSet>({
      key: findKey,
      state: {
        init: () => DecorationSet.empty,
        apply: (tr, set) => (tr.getMeta(findKey) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
      },
      props: { decorations: (state) => findKey.getState(state) },
    }),
  );
  return {
    find(query) {
      if (!query) return [];
      const matches: DocRange[] = [];
      for (const match of text.matchAll(queryPattern(query))) {
        const from = textToDocPosition(runs, match.index, 'start');
        const to = textToDocPosition(runs, match.index + match[0].length, 'end');
        if (from !== null && to !== null && from < to) matches.push({ from, to });
      }
      return matches;
    },
    show(matches, current) {
      const decorations = matches.map(({ from, to }, index) =>
        Decoration.inline(from, to, { class: index === current ? 'find-match find-current' : 'find-match' }),
      );
      editor.view.dispatch(editor.state.tr.setMeta(findKey, DecorationSet.create(editor.state.doc, decorations)));
      return editor.view.dom.querySelector<HTMLElement>('.find-current');
    },
    destroy() {
      if (!editor.isDestroyed) editor.unregisterPlugin(findKey);
    },
  };
}
