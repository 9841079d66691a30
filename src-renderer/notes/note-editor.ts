/**
 * The note editor: Tiptap over the notes' schema (common/note-schema.ts, which main checks
 * saved notes against) with what only editing needs — a placeholder, links that open,
 * missing targets marked, and the `[[` picker. Markdown-style typing (`# `, `- `, `1. `,
 * `> `, `[ ] `, `**bold**`) comes with the schema's extensions.
 */
import { Editor, type Extensions } from '@tiptap/core';
import { Placeholder } from '@tiptap/extensions';
import { noteExtensions } from '@common/note-schema';
import type { DocNode } from '@common/model';
import { MissingReferences } from './missing-references';
import { OpenLinks } from './open-links';

export function mountNoteEditor(element: HTMLElement, doc: DocNode, extra: Extensions): Editor {
  return new Editor({
    element,
    extensions: [
      ...noteExtensions,
      Placeholder.configure({ placeholder: 'Write here. Type [[ to cite a highlight, claim, article or note.' }),
      MissingReferences,
      OpenLinks,
      ...extra,
    ],
    content: doc,
    // The page's style policy admits no <style> element: the note's styles are the app's.
    injectCSS: false,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Note text', class: 'note-text' } },
  });
}
