/**
 * The sanitized article as a small DOM: what the sanitizer (sanitize.ts) builds, what
 * ProseMirror's parser and the schema's parse rules read, and what sanitized HTML from
 * elsewhere (Markdown's) is written from (sanitized-dom-html.ts). It answers as linkedom does where linkedom's answers are
 * peculiar (the class attribute), so documents come out as they did when the sanitized HTML
 * was parsed with linkedom.
 *
 * It holds only what the sanitizer allows: no comments, scripts, SVG or style attributes, so
 * none are modelled.
 */

/** The elements a sanitized article can hold: the sanitizer's allowlist. */
export const ARTICLE_TAGS: ReadonlySet<string> = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
  'ul', 'ol', 'li', 'a', 'em', 'i', 'strong', 'b', 'u', 's', 'strike', 'del', 'sub', 'sup',
  'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'div', 'section', 'article', 'span',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Every element's style: sanitized HTML carries no style attribute. */
const NO_STYLE = Object.freeze({ length: 0, getPropertyValue: () => '' });

/** What ProseMirror asks of the document a node belongs to: a text node for a line break. */
const OWNER_DOCUMENT = Object.freeze({ createTextNode: (text: string) => new SanitizedText(text) });

abstract class SanitizedNode {
  parentNode: SanitizedElement | null = null;
  previousSibling: SanitizedNode | null = null;
  nextSibling: SanitizedNode | null = null;
  abstract readonly nodeType: number;
  abstract readonly nodeName: string;
  abstract readonly textContent: string;

  get parentElement(): SanitizedElement | null {
    return this.parentNode;
  }

  get ownerDocument(): typeof OWNER_DOCUMENT {
    return OWNER_DOCUMENT;
  }
}

export class SanitizedText extends SanitizedNode {
  readonly nodeType = TEXT_NODE;
  readonly nodeName = '#text';
  constructor(readonly nodeValue: string) {
    super();
  }

  get textContent(): string {
    return this.nodeValue;
  }
}

export class SanitizedElement extends SanitizedNode {
  readonly nodeType = ELEMENT_NODE;
  readonly nodeName: string;
  readonly style = NO_STYLE;
  firstChild: SanitizedNode | null = null;
  lastChild: SanitizedNode | null = null;

  constructor(
    readonly localName: string,
    private readonly attributes: Record<string, string> = {},
  ) {
    super();
    this.nodeName = localName.toUpperCase();
  }

  get tagName(): string {
    return this.nodeName;
  }

  /**
   * As linkedom answers, which stored documents were parsed with: "class" is the class list
   * (each name once), and an element without one has the empty class "" rather than none.
   */
  getAttribute(name: string): string | null {
    if (name === 'class') return this.classList.join(' ');
    return Object.hasOwn(this.attributes, name) ? this.attributes[name] : null;
  }

  hasAttribute(name: string): boolean {
    return Object.hasOwn(this.attributes, name);
  }

  get attributeNames(): string[] {
    return Object.keys(this.attributes);
  }

  get classList(): string[] {
    return [...new Set((this.attributes.class ?? '').split(/\s+/).filter(Boolean))];
  }

  get childNodes(): SanitizedNode[] {
    const nodes: SanitizedNode[] = [];
    for (let node = this.firstChild; node; node = node.nextSibling) nodes.push(node);
    return nodes;
  }

  get children(): SanitizedElement[] {
    return this.childNodes.filter((node): node is SanitizedElement => node instanceof SanitizedElement);
  }

  get firstElementChild(): SanitizedElement | null {
    return this.children[0] ?? null;
  }

  get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  /** Moves `node` here from wherever it was (ProseMirror moves a list nested directly in a list into the item before it). */
  appendChild<T extends SanitizedNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  private insertBefore<T extends SanitizedNode>(node: T, before: SanitizedNode | null): T {
    node.parentNode?.detach(node);
    const after = before ? before.previousSibling : this.lastChild;
    node.parentNode = this;
    node.previousSibling = after;
    node.nextSibling = before;
    if (after) after.nextSibling = node;
    else this.firstChild = node;
    if (before) before.previousSibling = node;
    else this.lastChild = node;
    return node;
  }

  private detach(node: SanitizedNode): void {
    if (node.previousSibling) node.previousSibling.nextSibling = node.nextSibling;
    else this.firstChild = node.nextSibling;
    if (node.nextSibling) node.nextSibling.previousSibling = node.previousSibling;
    else this.lastChild = node.previousSibling;
    node.parentNode = node.previousSibling = node.nextSibling = null;
  }

  matches(selector: string): boolean {
    const steps = parseSelector(selector);
    let element: SanitizedElement | null = this;
    for (let index = steps.length - 1; index >= 0; index--) {
      if (!element || !matchesCompound(element, steps[index])) return false;
      element = element.parentNode;
    }
    return true;
  }

  closest(selector: string): SanitizedElement | null {
    for (let element: SanitizedElement | null = this; element; element = element.parentNode) {
      if (element.matches(selector)) return element;
    }
    return null;
  }

  querySelector(selector: string): SanitizedElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  /** In document order, without recursion (no depth of nesting overflows the stack). */
  querySelectorAll(selector: string): SanitizedElement[] {
    const steps = parseSelector(selector);
    // Tiptap reads every table cell's width from its table's <col> elements, each time a walk
    // of the whole table; a sanitized article has none.
    if (!ARTICLE_TAGS.has(steps[steps.length - 1].tag)) return [];
    const found: SanitizedElement[] = [];
    let node: SanitizedNode | null = this.firstChild;
    while (node) {
      if (node instanceof SanitizedElement && node.matches(selector)) found.push(node);
      if (node instanceof SanitizedElement && node.firstChild) {
        node = node.firstChild;
        continue;
      }
      while (node && !node.nextSibling && node.parentNode !== this) node = node.parentNode;
      node = node?.nextSibling ?? null;
    }
    return found;
  }
}

/** A compound selector: a tag name, and perhaps one attribute that must be present. */
interface Compound {
  tag: string;
  attribute: string | undefined;
}

/**
 * The selectors the schema's rules use: "p", "img[src]", "colgroup > col". Anything else
 * throws, so a new kind of rule fails loudly instead of matching wrongly.
 */
const parsedSelectors = new Map<string, Compound[]>();

function parseSelector(selector: string): Compound[] {
  let steps = parsedSelectors.get(selector);
  if (!steps) {
    steps = selector.split(/\s*>\s*/).map((part) => {
      const match = /^([a-z][a-z0-9]*)(?:\[([a-z][a-z0-9-]*)\])?$/.exec(part.trim());
      if (!match) throw new Error(`The sanitized article's DOM does not support the selector "${selector}"`);
      return { tag: match[1], attribute: match[2] };
    });
    parsedSelectors.set(selector, steps);
  }
  return steps;
}

function matchesCompound(element: SanitizedElement, { tag, attribute }: Compound): boolean {
  return element.localName === tag && (attribute === undefined || element.hasAttribute(attribute));
}
