/**
 * The first sanitizer: an allowlist of the tags and attributes the editor schema can show.
 * Everything else (scripts, handlers, styles, frames, forms, embeds) is dropped here, in main,
 * before anything is stored. Links and images keep only absolute http(s) (and mailto for
 * links, data: images) addresses; anything relative is resolved against the page or dropped,
 * so no stored link can point into the app.
 */
import sanitizeHtml from 'sanitize-html';
import { safeWebUrl } from './extract';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
  'ul', 'ol', 'li', 'a', 'em', 'i', 'strong', 'b', 'u', 's', 'strike', 'del', 'sub', 'sup',
  'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'div', 'section', 'article', 'span',
];

export function sanitizeArticleHtml(html: string, baseUrl: string | null): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      ol: ['start'],
      code: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Content of these is never article text, and keeping it would show markup as text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'select', 'button'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'href', resolveLink(attribs.href, baseUrl)) }),
      img: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'src', resolveImage(attribs.src, baseUrl)) }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

function withUrl(attribs: Record<string, string>, name: string, url: string | null): Record<string, string> {
  const copy = { ...attribs };
  if (url) copy[name] = url;
  else delete copy[name];
  return copy;
}

function resolveLink(href: string | undefined, baseUrl: string | null): string | null {
  const value = href?.trim();
  if (!value || value.startsWith('#')) return null;
  if (/^mailto:/i.test(value)) return value;
  return safeWebUrl(value, baseUrl);
}

function resolveImage(src: string | undefined, baseUrl: string | null): string | null {
  const value = src?.trim();
  if (!value) return null;
  if (/^data:image\/(png|jpe?g|gif|webp|avif);/i.test(value)) return value;
  return safeWebUrl(value, baseUrl);
}
