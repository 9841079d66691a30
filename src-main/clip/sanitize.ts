/**
 * The first sanitizer: an allowlist of the tags and attributes the editor schema can show.
 * Everything else (scripts, handlers, styles, frames, forms, embeds) is dropped here, in main,
 * before anything is stored. Links and images keep only absolute http(s) (and mailto for
 * links, data: images) addresses; anything relative is resolved against the page or dropped,
 * so no stored link can point into the app.
 *
 * It copies what it allows from the article's own DOM into a new small DOM (sanitized-dom.ts),
 * the one ProseMirror then reads: nothing is written to HTML and parsed again on the way, so
 * no markup can change meaning between a sanitizer's parse and the next one's (the mutation
 * XSS family), and the cost of serializing and parsing twice is saved. Its rules are
 * sanitize-html's in its "discard" mode, which this replaced: a disallowed element is
 * unwrapped (its content kept), except the elements below whose content is never article text.
 */
import { parseHTML } from 'linkedom';
import { safeWebUrl } from './extract';
import { ARTICLE_TAGS, SanitizedElement, SanitizedText } from './sanitized-dom';
import { innerHtml } from './sanitized-dom-html';

/** The little of a DOM node (linkedom's) the sanitizer reads. */
export interface SourceNode {
  nodeType: number;
  localName?: string;
  nodeValue: string | null;
  firstChild: SourceNode | null;
  nextSibling: SourceNode | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Content of these is never article text, and keeping it would show markup as text. */
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed',
  'svg', 'math', 'select', 'button',
]);

/** The attributes kept as they are; href, src and class are checked on their own below. */
const PLAIN_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['title'],
  img: ['alt', 'title', 'width', 'height'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  ol: ['start'],
};

/** Of the attributes kept, only alt means something when empty (a decorative image). */
const KEPT_WHEN_EMPTY = new Set(['alt']);

const CODE_LANGUAGE_CLASS = /^language-[\w-]+$/;

/** The article's allowed content, as the children of a new <body>. */
export function sanitizeArticle(root: SourceNode, baseUrl: string | null): SanitizedElement {
  const body = new SanitizedElement('body');
  appendAllowedChildren(root, body, baseUrl);
  return body;
}

/** HTML from elsewhere (Markdown a user imports) through the same allowlist, as HTML. */
export function sanitizeArticleHtml(html: string, baseUrl: string | null): string {
  return innerHtml(sanitizeArticleFragment(html, baseUrl));
}

/** An HTML fragment parsed as linkedom parses an element's innerHTML, then sanitized. */
export function sanitizeArticleFragment(html: string, baseUrl: string | null): SanitizedElement {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  // Parsed inside one element: a stray </body> or </html> in the fragment cannot put content outside it.
  const container = document.createElement('div');
  container.innerHTML = html;
  return sanitizeArticle(container as unknown as SourceNode, baseUrl);
}

/** Depth is bounded: a page nested past MAX_PAGE_NESTING is refused as it is parsed. */
function appendAllowedChildren(source: SourceNode, target: SanitizedElement, baseUrl: string | null): void {
  for (let node = source.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE) {
      if (node.nodeValue) target.appendChild(new SanitizedText(node.nodeValue));
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    // Elements Readability makes are named in capitals ("DIV").
    const tag = (node.localName ?? '').toLowerCase();
    if (ARTICLE_TAGS.has(tag)) {
      const element = allowedElement(node, tag, baseUrl);
      if (element) appendAllowedChildren(node, target.appendChild(element), baseUrl);
    } else if (!DROPPED_WITH_CONTENT.has(tag)) {
      appendAllowedChildren(node, target, baseUrl);
    }
  }
}

/** The element with its allowed attributes, or null for an image with no address it may keep. */
function allowedElement(node: SourceNode, tag: string, baseUrl: string | null): SanitizedElement | null {
  const plain = PLAIN_ATTRIBUTES[tag];
  if (!plain && tag !== 'code') return new SanitizedElement(tag);
  const source = attributesOf(node);
  const kept: Record<string, string> = {};
  if (tag === 'img') {
    const src = resolveImage(source.get('src'), baseUrl);
    if (!src) return null;
    kept.src = src;
  } else if (tag === 'a') {
    const href = resolveLink(source.get('href'), baseUrl);
    if (href) kept.href = href;
  } else if (tag === 'code') {
    const language = (source.get('class') ?? '').split(/\s+/).filter((name) => CODE_LANGUAGE_CLASS.test(name)).join(' ');
    if (language) kept.class = language;
  }
  for (const name of plain ?? []) {
    const value = source.get(name);
    if (value !== undefined && (value !== '' || KEPT_WHEN_EMPTY.has(name))) kept[name] = value;
  }
  return new SanitizedElement(tag, kept);
}

/**
 * The attributes by lower-case name, the first of each name winning as in a browser: linkedom
 * keeps names as the page wrote them ("HREF"), and finds them only so.
 */
function attributesOf(node: SourceNode): Map<string, string> {
  const found = new Map<string, string>();
  const attributes = node.attributes ?? [];
  for (let index = 0; index < attributes.length; index++) {
    const { name, value } = attributes[index];
    const lower = name.toLowerCase();
    if (!found.has(lower)) found.set(lower, value);
  }
  return found;
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
