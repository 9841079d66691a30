/**
 * The sanitized DOM written as HTML, exactly as linkedom's innerHTML writes an HTML document:
 * text escapes &, <, > and no-break spaces; attribute values escape only quotes; void elements
 * have no closing tag; an empty class (or id, or style) is left out.
 */
import { SanitizedElement, SanitizedText } from './sanitized-dom';

const VOID_ELEMENTS = /^(?:area|base|br|col|embed|hr|img|input|keygen|link|menuitem|meta|param|source|track|wbr)$/i;

/** Attributes linkedom writes as a bare name when empty. */
const EMPTY_ATTRIBUTES = new Set([
  'allowfullscreen', 'allowpaymentrequest', 'async', 'autofocus', 'autoplay', 'checked', 'class',
  'contenteditable', 'controls', 'default', 'defer', 'disabled', 'draggable', 'formnovalidate',
  'hidden', 'id', 'ismap', 'itemscope', 'loop', 'multiple', 'muted', 'nomodule', 'novalidate',
  'open', 'playsinline', 'readonly', 'required', 'reversed', 'selected', 'style', 'truespeed',
]);
const OMITTED_WHEN_EMPTY = new Set(['id', 'class', 'style']);

const TEXT_ESCAPES: Record<string, string> = { '\xa0': '&#160;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function innerHtml(element: SanitizedElement): string {
  let html = '';
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node instanceof SanitizedText) html += escapeText(node.nodeValue);
    else html += outerHtml(node as SanitizedElement);
  }
  return html;
}

function outerHtml(element: SanitizedElement): string {
  const { localName } = element;
  let html = `<${localName}`;
  for (const name of element.attributeNames) {
    const attribute = attributeHtml(name, element.getAttribute(name) ?? '');
    if (!OMITTED_WHEN_EMPTY.has(attribute)) html += ` ${attribute}`;
  }
  if (!element.firstChild) return `${html}${VOID_ELEMENTS.test(localName) ? '>' : `></${localName}>`}`;
  return `${html}>${innerHtml(element)}</${localName}>`;
}

function attributeHtml(name: string, value: string): string {
  if (EMPTY_ATTRIBUTES.has(name) && !value) return name;
  return `${name}="${value.replace(/"/g, '&quot;')}"`;
}

function escapeText(text: string): string {
  return text.replace(/[<>&\xa0]/g, (character) => TEXT_ESCAPES[character]);
}
