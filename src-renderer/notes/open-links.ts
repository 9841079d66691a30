/**
 * Links in a note open from the editor: a reference or a quoted passage's source on a click
 * (they are not text to put the cursor in), a link in the text on Ctrl/Cmd+click (a plain
 * click puts the cursor there to edit it). The app's own #/ links open in the app; web and
 * mail links in a new window, so the notebook never navigates away.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { isNoteLink } from '@common/note-schema';

/** Opens a note's link where it belongs; false for an address a note may not hold. */
export function openNoteLink(href: string): boolean {
  if (!isNoteLink(href)) return false;
  if (href.startsWith('#/')) location.hash = href;
  else window.open(href, '_blank', 'noopener,noreferrer');
  return true;
}

export const OpenLinks = Extension.create({
  name: 'openLinks',
  addProseMirrorPlugins: () => [
    new Plugin({
      props: {
        handleDOMEvents: {
          click(view, event) {
            const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
            if (!anchor || !view.dom.contains(anchor) || event.button !== 0) return false;
            // Never the browser's own navigation: it would leave the app or open an unchecked address.
            event.preventDefault();
            const isPointer = anchor.matches('a.reference, .passage-source a');
            if (isPointer || event.ctrlKey || event.metaKey) openNoteLink(anchor.getAttribute('href') ?? '');
            return isPointer;
          },
        },
      },
    }),
  ],
});
