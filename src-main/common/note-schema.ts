/**
 * The notes' Tiptap extensions: the reader's list (editor-schema.ts) with what notes add —
 * task lists, undo, links into the notebook, inline references and quoted passages. Main
 * checks saved notes against it, the editor edits with it (adding its own UI plugins), and
 * the Markdown exporter reads it.
 */
import { Node, type Extensions } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { UndoRedo } from '@tiptap/extensions';
import { baseExtensions, isArticleLink } from './editor-schema';
import { ID_PATTERN } from './ids';

/** The app's own addresses: an article, a highlight in it, a note. */
const APP_LINK = /^#\/(article\/[a-z2-7]{16}(\/highlight\/[a-z2-7]{16})?|note\/[a-z2-7]{16})$/;

/** Links a note may hold: web and mail addresses, and the notebook's own. */
export function isNoteLink(url: string): boolean {
  return isArticleLink(url) || APP_LINK.test(url);
}

export const referenceKinds = ['highlight', 'claim', 'article', 'note'] as const;
export type ReferenceKind = (typeof referenceKinds)[number];

/** Where a reference or a quoted passage opens. */
export function referenceHref(kind: ReferenceKind, targetId: string, articleId: string | null): string {
  if (kind === 'note') return `#/note/${targetId}`;
  if (kind === 'article' || !articleId) return `#/article/${targetId}`;
  return `#/article/${articleId}/highlight/${targetId}`;
}

/** The little of a DOM element the parse rules read (common code has no DOM types). */
interface ParsedElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

function dataAttribute(name: string) {
  return { default: null, rendered: false, parseHTML: (element: ParsedElement) => element.getAttribute(name) };
}

/** `[[…]]`: an inline pointer at a highlight, claim, article or note, shown by a short label. */
export const Reference = Node.create({
  name: 'reference',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes: () => ({
    targetId: dataAttribute('data-ref'),
    kind: dataAttribute('data-ref-kind'),
    articleId: dataAttribute('data-ref-article'),
    label: { default: '', rendered: false, parseHTML: (element: ParsedElement) => element.textContent ?? '' },
  }),
  parseHTML: () => [{ tag: 'a[data-ref]' }],
  renderHTML: ({ node }) => {
    const { targetId, kind, articleId, label } = node.attrs as { targetId: string; kind: ReferenceKind; articleId: string | null; label: string };
    return [
      'a',
      {
        class: `reference reference-${kind}`,
        href: referenceHref(kind, targetId, articleId),
        'data-ref': targetId,
        'data-ref-kind': kind,
        ...(articleId ? { 'data-ref-article': articleId } : {}),
      },
      label,
    ];
  },
  renderText: ({ node }) => String(node.attrs.label),
});

/** A highlight quoted into a note: its text with its inline formatting, and where it came from. */
export const PassageQuote = Node.create({
  name: 'passageQuote',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes: () => ({
    highlightId: dataAttribute('data-passage'),
    articleId: dataAttribute('data-article'),
    title: { default: '', rendered: false, parseHTML: (element: ParsedElement) => element.querySelector('.passage-source a')?.textContent ?? '' },
    url: dataAttribute('data-url'),
  }),
  parseHTML: () => [{ tag: 'blockquote[data-passage]', contentElement: '.passage-text' }],
  renderHTML: ({ node }) => {
    const { highlightId, articleId, title, url } = node.attrs as { highlightId: string; articleId: string; title: string; url: string | null };
    return [
      'blockquote',
      { class: 'passage-quote', 'data-passage': highlightId, 'data-article': articleId, ...(url ? { 'data-url': url } : {}) },
      ['div', { class: 'passage-text' }, 0],
      ['p', { class: 'passage-source', contenteditable: 'false' }, '— ', ['a', { href: referenceHref('highlight', highlightId, articleId) }, title || 'source']],
    ];
  },
});

export const noteExtensions: Extensions = [
  ...baseExtensions(isNoteLink),
  UndoRedo,
  TaskList,
  TaskItem.configure({ nested: true }),
  Reference,
  PassageQuote,
];

export function isReferenceTarget(kind: unknown, id: unknown): kind is ReferenceKind {
  return typeof id === 'string' && ID_PATTERN.test(id) && referenceKinds.includes(kind as ReferenceKind);
}
