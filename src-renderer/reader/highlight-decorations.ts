/** Highlights drawn as decorations over the read-only document: the stored capture never changes. */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export interface DecoratedRange {
  id: string;
  from: number;
  to: number;
  color: string;
  isClaim: boolean;
  /** Its text changed since it was made: drawn so the reader sees it needs a look. */
  isFuzzy: boolean;
  isActive: boolean;
}

function classesOf(range: DecoratedRange): string {
  const classes = ['highlight', `highlight-${range.color}`];
  if (range.isClaim) classes.push('highlight-claim');
  if (range.isFuzzy) classes.push('highlight-fuzzy');
  if (range.isActive) classes.push('highlight-active');
  return classes.join(' ');
}

export const highlightKey = new PluginKey<DecorationSet>('commonplace-highlights');

export const HighlightDecorations = Extension.create({
  name: 'highlightDecorations',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: highlightKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => {
            const ranges = tr.getMeta(highlightKey) as DecoratedRange[] | undefined;
            if (!ranges) return set.map(tr.mapping, tr.doc);
            return DecorationSet.create(
              tr.doc,
              ranges.map((range) =>
                Decoration.inline(range.from, range.to, { class: classesOf(range), 'data-highlight-id': range.id }),
              ),
            );
          },
        },
        props: { decorations: (state) => highlightKey.getState(state) },
      }),
    ];
  },
});
