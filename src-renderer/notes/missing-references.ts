/**
 * References and quoted passages whose target was deleted keep their label in the note; the
 * editor marks them (a class and a title) so the reader of the note knows not to follow them.
 * Which targets are gone is told by main when the note is opened (Note.references).
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { ReferenceKind } from '@common/note-schema';

const missingKey = new PluginKey<ReadonlySet<string>>('missingReferences');

const goneTitle: Record<ReferenceKind, string> = {
  highlight: 'This passage was deleted',
  claim: 'This passage was deleted',
  article: 'This article was deleted',
  note: 'This note was deleted',
};

export const MissingReferences = Extension.create({
  name: 'missingReferences',
  addProseMirrorPlugins: () => [
    new Plugin<ReadonlySet<string>>({
      key: missingKey,
      state: {
        init: () => new Set(),
        apply: (transaction, missing) => (transaction.getMeta(missingKey) as ReadonlySet<string> | undefined) ?? missing,
      },
      props: {
        decorations(state) {
          const missing = missingKey.getState(state);
          if (!missing?.size) return null;
          const decorations: Decoration[] = [];
          state.doc.descendants((node, pos) => {
            const target = node.type.name === 'reference' ? node.attrs.targetId : node.type.name === 'passageQuote' ? node.attrs.highlightId : null;
            if (typeof target !== 'string' || !missing.has(target)) return;
            const kind: ReferenceKind = node.type.name === 'reference' ? node.attrs.kind : 'highlight';
            decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'reference-missing', title: goneTitle[kind] ?? goneTitle.highlight }));
          });
          return DecorationSet.create(state.doc, decorations);
        },
      },
    }),
  ],
});

/** Tells the editor which targets are gone. */
export function markMissing(editor: Editor, targetIds: Iterable<string>): void {
  editor.view.dispatch(editor.state.tr.setMeta(missingKey, new Set(targetIds)).setMeta('addToHistory', false));
}
