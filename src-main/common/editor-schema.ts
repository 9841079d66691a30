/**
 * The one list of Tiptap extensions. Main parses sanitized HTML into a document with it, the
 * reader displays that document with it, and the notes (common/note-schema.ts) and the
 * Markdown exporter extend it. Parsing through this schema keeps only the nodes and marks it knows:
 * a second sanitizer after the allowlist in clip/sanitize.ts.
 *
 * No NodeViews: rendering is plain renderHTML, so the same list works without a DOM.
 */
import { Node, mergeAttributes, type Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import Subscript from '@tiptap/extension-subscript';
import Superscript from '@tiptap/extension-superscript';

export const SAFE_LINK_PROTOCOL = /^(https?:|mailto:)/i;

/** Links a clipped article may keep: web and mail addresses only. */
export function isArticleLink(url: string): boolean {
  return SAFE_LINK_PROTOCOL.test(url);
}

/** Image sources the reader may load: the notebook's stored images (served by the app itself). */
export function isLocalImageSource(src: string): boolean {
  return /^\/media\/[0-9a-f]{64}$/.test(src);
}

/**
 * Images render as <img> only when their bytes are local. A remote image would be a request
 * to the network while reading, so it renders as a link to the original showing its alt text.
 */
const ArticleImage = Image.extend({
  renderHTML({ HTMLAttributes }) {
    const src = typeof HTMLAttributes.src === 'string' ? HTMLAttributes.src : '';
    if (isLocalImageSource(src)) return ['img', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes)];
    const alt = typeof HTMLAttributes.alt === 'string' && HTMLAttributes.alt.trim() ? HTMLAttributes.alt.trim() : 'image';
    const label = `Image: ${alt}`;
    if (!/^https?:\/\//i.test(src)) return ['span', { class: 'image-placeholder' }, label];
    return ['a', { class: 'image-placeholder', href: src, target: '_blank', rel: 'noopener noreferrer nofollow' }, label];
  },
}).configure({ inline: false, allowBase64: true });

const Figure = Node.create({
  name: 'figure',
  group: 'block',
  content: 'figcaption? block* figcaption?',
  defining: true,
  parseHTML: () => [{ tag: 'figure' }],
  renderHTML: ({ HTMLAttributes }) => ['figure', HTMLAttributes, 0],
});

const Figcaption = Node.create({
  name: 'figcaption',
  content: 'inline*',
  defining: true,
  parseHTML: () => [{ tag: 'figcaption' }],
  renderHTML: ({ HTMLAttributes }) => ['figcaption', HTMLAttributes, 0],
});

/** The extensions every document has; `isAllowedLink` is the one thing notes widen. */
export function baseExtensions(isAllowedLink: (url: string) => boolean): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [1, 2, 3, 4, 5, 6] },
      link: {
        openOnClick: false,
        autolink: false,
        linkOnPaste: false,
        isAllowedUri: (url) => isAllowedLink(url),
        HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow' },
      },
      undoRedo: false,
      dropcursor: false,
      gapcursor: false,
      trailingNode: false,
    }),
    ArticleImage,
    Figure,
    Figcaption,
    TableKit.configure({ table: { resizable: false } }),
    Subscript,
    Superscript,
  ];
}

export const articleExtensions: Extensions = baseExtensions(isArticleLink);
