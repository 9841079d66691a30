/**
 * A Tiptap document (an article's text, a note) as Markdown that Obsidian, GitHub and any
 * CommonMark parser read as the document: every node and mark of the notes' schema (which
 * includes the reader's) has a writer here, and an unknown one is an error rather than lost text.
 *
 * - Text reads back as the same text (markdown-escape.ts). Emphasis uses `*`, `**` and `~~`
 *   only where CommonMark's flanking rules let the delimiters open and close; elsewhere it
 *   falls back to `_`/`__`, then to `<em>`/`<strong>`/`<del>`.
 * - Underline, subscript and superscript have no Markdown: `<u>`, `<sub>` and `<sup>`, which
 *   Obsidian and GitHub render (Pandoc's `~x~`/`^x^` would show as literal tildes and carets
 *   in Obsidian, and plain text would turn "x²" into "x2"). Tags without attributes carry no script.
 * - Links keep only http(s), mailto and relative destinations; links to the app's own
 *   addresses become references, written by the caller like `reference` nodes.
 * - The same document gives byte-identical Markdown: nothing depends on time or order of maps.
 */
import type { DocNode } from '../common/model';
import type { ReferenceKind } from '../common/note-schema';
import {
  codeSpan,
  escapeInlineText,
  escapeMarkdownText,
  longestBacktickRun,
  markdownLinkDestination,
  markdownLinkTitle,
} from './markdown-escape';

export { markdownLinkDestination } from './markdown-escape';

export interface ReferenceAttrs {
  targetId: string;
  kind: ReferenceKind;
  articleId: string | null;
  label: string;
}

export interface PassageSourceAttrs {
  highlightId: string;
  articleId: string;
  title: string;
  url: string | null;
}

export interface MarkdownTargets {
  /** How an inline `reference` node is written (the caller decides: an Obsidian wiki-link, a Logseq block ref …). Returns Markdown, already safe. */
  reference(attrs: ReferenceAttrs): string;
  /** The source line under a passageQuote (Markdown, already safe), e.g. "— [[Articles/x (ab12cd34)#^hl-…|Title]]". */
  passageSource(attrs: PassageSourceAttrs): string;
  /** Where an image goes in the export (a relative path), or null to write its alt text as plain text instead. */
  image(src: string): string | null;
}

/** The document as Markdown: blocks separated by a blank line, ending with one newline ('' when empty). */
export function docToMarkdown(doc: DocNode, targets: MarkdownTargets): string {
  const body = new BlockWriter(targets).block(doc, false);
  return body ? `${body}\n` : '';
}

type BlockHandler = (writer: BlockWriter, node: DocNode, alternateMarker: boolean) => string;

/** One writer per block node type; lists take `alternateMarker` so adjacent lists stay apart. */
const BLOCK_WRITERS: Record<string, BlockHandler> = {
  doc: (writer, node) => writer.blocks(node.content),
  paragraph: (writer, node) => writer.inline(node.content, 'paragraph'),
  heading: (writer, node) => {
    const text = writer.inline(node.content, 'heading');
    return text && `${'#'.repeat(clampInteger(node.attrs?.level, 1, 6, 1))} ${text}`;
  },
  blockquote: (writer, node) => quoteLines(writer.blocks(node.content)),
  bulletList: (writer, node, alternate) => writer.list(node, alternate),
  orderedList: (writer, node, alternate) => writer.list(node, alternate),
  taskList: (writer, node, alternate) => writer.list(node, alternate),
  // Items and table parts are written by their list or table; alone (an invalid document), their content.
  listItem: (writer, node) => writer.blocks(node.content),
  taskItem: (writer, node) => writer.blocks(node.content),
  tableRow: (writer, node) => writer.blocks(node.content),
  tableCell: (writer, node) => writer.blocks(node.content),
  tableHeader: (writer, node) => writer.blocks(node.content),
  codeBlock: (_writer, node) => codeBlock(node),
  horizontalRule: () => '***', // not "---": at a file's start that would open YAML frontmatter
  image: (writer, node) => writer.image(node),
  figure: (writer, node) => writer.blocks(node.content),
  figcaption: (writer, node) => writer.inline(withMark(node.content ?? [], 'italic'), 'paragraph'),
  table: (writer, node, alternate) => writer.table(node, alternate),
  passageQuote: (writer, node) => writer.passageQuote(node),
  // Inline nodes where a block belongs (an invalid document): a paragraph of their own.
  text: (writer, node) => writer.inline([node], 'paragraph'),
  hardBreak: () => '',
  reference: (writer, node) => writer.inline([node], 'paragraph'),
};

const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList']);
/** A list item's first line as a list marker sees it: "- x", "* [ ] x", "3) x". */
const LIST_MARKER = /^(?:([-*+])|\d{1,9}([.)]))(?:[ \t]|$)/;
/** A nested list that may follow its item's paragraph without a blank line (it interrupts the paragraph). */
const INTERRUPTS_PARAGRAPH = /^(?:[-*+]|1[.)])[ \t]+\S/;

class BlockWriter {
  constructor(private readonly targets: MarkdownTargets) {}

  block(node: DocNode, alternateMarker: boolean): string {
    const write = BLOCK_WRITERS[node.type];
    if (!write) throw new Error(`No Markdown for the node type "${node.type}"`);
    return write(this, node, alternateMarker);
  }

  /** Sibling blocks, a blank line apart. */
  blocks(nodes: DocNode[] | undefined): string {
    return this.siblings(nodes)
      .map((block) => block.text)
      .join('\n\n');
  }

  /** Each sibling that writes anything; two lists in a row use different markers, else Markdown merges them. */
  private siblings(nodes: DocNode[] | undefined): Array<{ node: DocNode; text: string }> {
    const written: Array<{ node: DocNode; text: string }> = [];
    let previousMarker: string | null = null;
    for (const node of nodes ?? []) {
      let text = this.block(node, false);
      if (!text) continue;
      if (previousMarker !== null && listMarkerOf(text) === previousMarker) text = this.block(node, true);
      previousMarker = listMarkerOf(text);
      written.push({ node, text });
    }
    return written;
  }

  inline(nodes: DocNode[] | undefined, context: InlineContext): string {
    const items = inlineItems(nodes ?? [], context, this.targets);
    // Nothing but whitespace and breaks shows nothing (a code span of spaces shows them).
    if (items.every((item) => item.kind === 'break' || (item.kind === 'text' && !/\S/.test(item.text) && item.marks.length === 0))) return '';
    return new InlineWriter(context).write(nestMarks(mergeText(trimDelimitedWhitespace(resolveLinks(items, this.targets)))));
  }

  list(node: DocNode, alternateMarker: boolean): string {
    const items = node.content ?? [];
    const ordered = node.type === 'orderedList';
    const start = ordered ? clampInteger(node.attrs?.start, 0, 999_999_999, 1) : 0;
    const bodies = items.map((item) => this.siblings(item.content));
    // Tight (no blank lines) when every item is one block, or one block and lists that can follow it directly.
    const tight = bodies.every((blocks) => blocks.slice(1).every((block) => LIST_TYPES.has(block.node.type) && INTERRUPTS_PARAGRAPH.test(block.text)));
    const separator = tight ? '\n' : '\n\n';
    return items
      .map((item, index) => {
        const marker = ordered ? `${start + index}${alternateMarker ? ')' : '.'}` : alternateMarker ? '*' : '-';
        const checkbox = item.type === 'taskItem' ? ` [${item.attrs?.checked === true ? 'x' : ' '}]` : '';
        const lines = bodies[index].map((block) => block.text).join(separator).split('\n');
        const continuation = ' '.repeat(marker.length + 1);
        const first = `${marker}${checkbox}${lines[0] ? ` ${lines[0]}` : ''}`;
        return [first, ...lines.slice(1).map((line) => (line ? continuation + line : ''))].join('\n');
      })
      .join(separator);
  }

  image(node: DocNode): string {
    const alt = stringAttr(node.attrs?.alt);
    const src = stringAttr(node.attrs?.src);
    const path = src ? this.targets.image(src) : null;
    const destination = path === null ? null : markdownLinkDestination(path);
    if (destination === null) return alt.trim() ? escapeMarkdownText(alt.trim()) : '';
    return `![${escapeInlineText(alt, { lineStart: false, lineEnd: false })}](${destination}${markdownLinkTitle(node.attrs?.title)})`;
  }

  /**
   * A GFM table when every cell holds only paragraphs (its first row the header GFM requires,
   * merged cells spread over the cells they cover); else a list of rows.
   */
  table(node: DocNode, alternateMarker: boolean): string {
    const rows = (node.content ?? []).map((row) => row.content ?? []);
    const inlineOnly = rows.every((cells) => cells.every((cell) => (cell.content ?? []).every((block) => block.type === 'paragraph')));
    if (!inlineOnly) return this.tableAsList(rows, alternateMarker);
    const grid = tableGrid(rows);
    const width = Math.max(0, ...grid.map((row) => row.length));
    if (width === 0) return '';
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const columns = Array.from({ length: width }, (_, column) => column);
    const lines = grid.map((row) => line(columns.map((column) => this.tableCell(row[column]))));
    const delimiter = line(columns.map((column) => columnAlignment(grid[0][column])));
    return [lines[0], delimiter, ...lines.slice(1)].join('\n');
  }

  private tableCell(cell: DocNode | null | undefined): string {
    if (!cell) return '';
    const paragraphs = (cell.content ?? []).map((paragraph) => this.inline(paragraph.content, 'cell')).filter(Boolean);
    return escapeTablePipes(paragraphs.join('<br>'));
  }

  /** What GFM cannot hold (lists, code, quotes in a cell): each row an item, its cells' blocks in order. */
  private tableAsList(rows: DocNode[][], alternateMarker: boolean): string {
    const items = rows.map((cells): DocNode => ({ type: 'listItem', content: cells.flatMap((cell) => cell.content ?? []) }));
    return this.list({ type: 'bulletList', content: items }, alternateMarker);
  }

  passageQuote(node: DocNode): string {
    const attrs = node.attrs ?? {};
    const source = this.targets.passageSource({
      highlightId: stringAttr(attrs.highlightId),
      articleId: stringAttr(attrs.articleId),
      title: stringAttr(attrs.title),
      url: typeof attrs.url === 'string' ? attrs.url : null,
    });
    return quoteLines([this.blocks(node.content), source].filter(Boolean).join('\n\n'));
  }
}

function quoteLines(text: string): string {
  return text && text.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
}

function listMarkerOf(text: string): string | null {
  const match = LIST_MARKER.exec(text);
  return match ? (match[1] ?? match[2]) : null;
}

/** Fenced with more backticks than any run inside, so no line of the code can close it. */
function codeBlock(node: DocNode): string {
  const code = (node.content ?? []).map((child) => child.text ?? '').join('').replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  // The info string: a language name, nothing a parser would read as more (backticks, entities, spaces).
  const language = stringAttr(node.attrs?.language).replace(/[^\w+#.-]/g, '');
  return `${fence}${language}\n${code}${code && !code.endsWith('\n') ? '\n' : ''}${fence}`;
}

/** Rows of cells on a grid: a cell spanning columns or rows leaves empty cells where it reaches. */
function tableGrid(rows: DocNode[][]): Array<Array<DocNode | null>> {
  const grid: Array<Array<DocNode | null>> = rows.map(() => []);
  rows.forEach((cells, rowIndex) => {
    let column = 0;
    for (const cell of cells) {
      while (grid[rowIndex][column] !== undefined) column++;
      const columnSpan = clampInteger(cell.attrs?.colspan, 1, 1000, 1);
      const rowSpan = clampInteger(cell.attrs?.rowspan, 1, rows.length - rowIndex, 1);
      for (let row = 0; row < rowSpan; row++) {
        for (let offset = 0; offset < columnSpan; offset++) grid[rowIndex + row][column + offset] = row === 0 && offset === 0 ? cell : null;
      }
      column += columnSpan;
    }
  });
  return grid;
}

function columnAlignment(cell: DocNode | null | undefined): string {
  const align = cell?.attrs?.align;
  if (align === 'center') return ':---:';
  if (align === 'right') return '---:';
  if (align === 'left') return ':---';
  return '---';
}

/** GFM splits a row at every pipe not escaped by a backslash, in code spans and links too. */
function escapeTablePipes(markdown: string): string {
  return markdown.replace(/(\\*)\|/g, (match, backslashes: string) => (backslashes.length % 2 === 0 ? `${backslashes}\\|` : match));
}

function withMark(nodes: DocNode[], type: string): DocNode[] {
  return nodes.map((node) => (node.marks?.some((mark) => mark.type === type) ? node : { ...node, marks: [...(node.marks ?? []), { type }] }));
}

function stringAttr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  const number = typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
  return Math.min(max, Math.max(min, number));
}

// ---------------------------------------------------------------------------------------------
// Inline content: items (text with marks, references, breaks) → a tree of mark spans → Markdown.

/** A paragraph's lines are block lines; a heading's one line; a table cell's one cell of a row. */
type InlineContext = 'paragraph' | 'heading' | 'cell';

interface Mark {
  type: string;
  attrs?: Record<string, unknown>;
}

type InlineItem =
  | { kind: 'text'; text: string; marks: Mark[] }
  | { kind: 'reference'; attrs: ReferenceAttrs; markdown: string; marks: Mark[] }
  | { kind: 'break' };

type InlineLeaf = { kind: 'text'; text: string } | { kind: 'code'; text: string } | { kind: 'reference'; attrs: ReferenceAttrs; markdown: string } | { kind: 'break' };
interface InlineSpan {
  kind: 'span';
  mark: Mark;
  children: InlineTree[];
}
type InlineTree = InlineLeaf | InlineSpan;

const MARK_TYPES = ['link', 'bold', 'italic', 'strike', 'underline', 'subscript', 'superscript', 'code'] as const;
/** Marks written with delimiters that must flank their text: whitespace at their edges moves outside. */
const DELIMITED = new Set(['bold', 'italic', 'strike']);
/** Delimiters to try in order, then the HTML tag that needs no flanking. */
const DELIMITERS: Record<string, { candidates: string[]; tag: string }> = {
  bold: { candidates: ['**', '__'], tag: 'strong' },
  italic: { candidates: ['*', '_'], tag: 'em' },
  strike: { candidates: ['~~'], tag: 'del' },
};
const HTML_TAGS: Record<string, string> = { underline: 'u', subscript: 'sub', superscript: 'sup' };

function inlineItems(nodes: DocNode[], context: InlineContext, targets: MarkdownTargets): InlineItem[] {
  const items: InlineItem[] = [];
  for (const node of nodes) {
    const marks = (node.marks ?? []).map(checkedMark);
    if (node.type === 'text') {
      if (node.text) items.push({ kind: 'text', text: node.text, marks });
    } else if (node.type === 'hardBreak') {
      // A heading is one line: its breaks become spaces.
      items.push(context === 'heading' ? { kind: 'text', text: ' ', marks: [] } : { kind: 'break' });
    } else if (node.type === 'reference') {
      const attrs = referenceAttrs(node.attrs ?? {});
      const markdown = targets.reference(attrs);
      if (markdown) items.push({ kind: 'reference', attrs, markdown, marks });
    } else {
      throw new Error(`No Markdown for the inline node type "${node.type}"`);
    }
  }
  // A break that ends a block would be a literal backslash in Markdown.
  while (items.at(-1)?.kind === 'break') items.pop();
  return items;
}

/** Among marks that last equally long, the outer one: a link outside bold, bold outside italic. */
function markRank(mark: Mark): number {
  return (MARK_TYPES as readonly string[]).indexOf(mark.type);
}

function checkedMark(mark: Mark): Mark {
  if (!(MARK_TYPES as readonly string[]).includes(mark.type)) throw new Error(`No Markdown for the mark type "${mark.type}"`);
  return mark;
}

function referenceAttrs(attrs: Record<string, unknown>): ReferenceAttrs {
  return {
    targetId: stringAttr(attrs.targetId),
    kind: (typeof attrs.kind === 'string' ? attrs.kind : 'note') as ReferenceKind,
    articleId: typeof attrs.articleId === 'string' ? attrs.articleId : null,
    label: stringAttr(attrs.label),
  };
}

/** The app's own addresses (common/note-schema.ts referenceHref) as what they point at. */
const APP_LINK = /^#\/(?:article\/([a-z2-7]{16})(?:\/highlight\/([a-z2-7]{16}))?|note\/([a-z2-7]{16}))$/;

function appLinkTarget(href: string): Omit<ReferenceAttrs, 'label'> | null {
  const match = APP_LINK.exec(href);
  if (!match) return null;
  const [, articleId, highlightId, noteId] = match;
  if (noteId) return { kind: 'note', targetId: noteId, articleId: null };
  if (highlightId) return { kind: 'highlight', targetId: highlightId, articleId };
  return { kind: 'article', targetId: articleId, articleId: null };
}

const linkKeys = new WeakMap<Mark, string>();

/** What makes two marks the same: their type, and for a link its address and title. */
function markKey(mark: Mark): string {
  if (mark.type !== 'link') return mark.type;
  let key = linkKeys.get(mark);
  if (key === undefined) {
    key = `link\u0000${stringAttr(mark.attrs?.href)}\u0000${stringAttr(mark.attrs?.title)}`;
    linkKeys.set(mark, key);
  }
  return key;
}

function hasMark(item: InlineItem, key: string): boolean {
  if (item.kind === 'break') return false;
  const linkKey = key.startsWith('link\u0000');
  for (const mark of item.marks) if (linkKey ? mark.type === 'link' && markKey(mark) === key : mark.type === key) return true;
  return false;
}

function sameMarks(a: Mark[], b: Mark[]): boolean {
  return a.length === b.length && a.every((mark) => b.some((other) => markKey(other) === markKey(mark)));
}

function isWritableLink(mark: Mark): boolean {
  const href = stringAttr(mark.attrs?.href);
  return appLinkTarget(href) !== null || markdownLinkDestination(href) !== null;
}

/**
 * Links the export may not keep lose their mark (their text stays); a link into the app
 * becomes a reference, its text the label, written by the caller like any reference.
 */
function resolveLinks(items: InlineItem[], targets: MarkdownTargets): InlineItem[] {
  const kept = items.map((item): InlineItem => {
    if (item.kind === 'break' || item.marks.every((mark) => mark.type !== 'link' || isWritableLink(mark))) return item;
    return { ...item, marks: item.marks.filter((mark) => mark.type !== 'link' || isWritableLink(mark)) };
  });
  const resolved: InlineItem[] = [];
  for (let index = 0; index < kept.length; ) {
    const item = kept[index];
    const link = item.kind === 'break' ? undefined : item.marks.find((mark) => mark.type === 'link');
    const target = link && appLinkTarget(stringAttr(link.attrs?.href));
    if (!link || !target) {
      resolved.push(item);
      index++;
      continue;
    }
    const key = markKey(link);
    let end = index;
    while (end < kept.length && hasMark(kept[end], key)) end++;
    const run = kept.slice(index, end) as Array<Exclude<InlineItem, { kind: 'break' }>>;
    const label = run.map((part) => (part.kind === 'text' ? part.text : part.attrs.label)).join('');
    const attrs: ReferenceAttrs = { ...target, label };
    const marks = run[0].marks.filter((mark) => mark.type !== 'link' && mark.type !== 'code' && run.every((part) => hasMark(part, markKey(mark))));
    const markdown = targets.reference(attrs);
    if (markdown) resolved.push({ kind: 'reference', attrs, markdown, marks });
    index = end;
  }
  return resolved;
}

/**
 * `** bold**` is not bold in CommonMark (a delimiter next to whitespace does not open or
 * close), so whitespace at the edges of a bold, italic or struck run is written outside it.
 */
function trimDelimitedWhitespace(items: InlineItem[]): InlineItem[] {
  const parts: InlineItem[] = [];
  for (const item of items) {
    if (!isDelimitedText(item) || !/^\s|\s$/.test(item.text)) parts.push(item);
    else for (const text of splitEdgeWhitespace(item.text)) parts.push({ ...item, text });
  }
  for (const type of DELIMITED) {
    for (let start = 0; start < parts.length; start++) {
      if (!hasMark(parts[start], type)) continue;
      let end = start;
      while (end < parts.length && hasMark(parts[end], type)) end++;
      for (let index = start; index < end && isBlankText(parts[index]); index++) parts[index] = withoutMark(parts[index], type);
      for (let index = end - 1; index >= start && isBlankText(parts[index]) && hasMark(parts[index], type); index--) parts[index] = withoutMark(parts[index], type);
      start = end;
    }
  }
  return parts;
}

/** Text with a bold, italic or strike mark, not in a code span (whose spaces are its content). */
function isDelimitedText(item: InlineItem): item is Extract<InlineItem, { kind: 'text' }> {
  return item.kind === 'text' && item.marks.some((mark) => DELIMITED.has(mark.type)) && !item.marks.some((mark) => mark.type === 'code');
}

function isBlankText(item: InlineItem): boolean {
  return isDelimitedText(item) && !/\S/.test(item.text);
}

/** Leading whitespace, the rest, trailing whitespace (the parts that are not empty). */
function splitEdgeWhitespace(text: string): string[] {
  const start = text.search(/\S/);
  if (start < 0) return [text];
  let end = text.length;
  while (/\s/.test(text[end - 1])) end--;
  return [text.slice(0, start), text.slice(start, end), text.slice(end)].filter(Boolean);
}

function withoutMark(item: InlineItem, type: string): InlineItem {
  return item.kind === 'break' ? item : { ...item, marks: item.marks.filter((mark) => mark.type !== type) };
}

/** Neighbouring text with the same marks is one run (so two code spans never touch). */
function mergeText(items: InlineItem[]): InlineItem[] {
  const merged: InlineItem[] = [];
  for (const item of items) {
    const previous = merged.at(-1);
    if (item.kind === 'text' && previous?.kind === 'text' && sameMarks(previous.marks, item.marks)) {
      merged[merged.length - 1] = { ...previous, text: previous.text + item.text };
    } else {
      merged.push(item);
    }
  }
  return merged;
}

/**
 * Marks as nested spans, each opened once for as long as it lasts: a mark that goes on
 * further to the right is opened outside one that stops sooner. Code is a leaf (nothing
 * nests in a code span); a line break closes every span.
 */
function nestMarks(items: InlineItem[]): InlineTree[] {
  const root: InlineTree[] = [];
  const open: Array<{ key: string; children: InlineTree[] }> = [];
  items.forEach((item, index) => {
    if (item.kind === 'break') {
      open.length = 0;
      root.push(item);
      return;
    }
    const marks = item.marks.filter((mark) => mark.type !== 'code');
    const keys = marks.map(markKey);
    let keep = 0;
    while (keep < open.length && keys.includes(open[keep].key)) keep++;
    open.length = keep;
    const toOpen = marks
      .filter((mark) => !open.some((span) => span.key === markKey(mark)))
      .sort((a, b) => markExtent(items, index, markKey(b)) - markExtent(items, index, markKey(a)) || markRank(a) - markRank(b));
    for (const mark of toOpen) {
      const span: InlineSpan = { kind: 'span', mark, children: [] };
      (open.at(-1)?.children ?? root).push(span);
      open.push({ key: markKey(mark), children: span.children });
    }
    const leaf: InlineLeaf =
      item.kind === 'reference'
        ? { kind: 'reference', attrs: item.attrs, markdown: item.markdown }
        : { kind: item.marks.some((mark) => mark.type === 'code') ? 'code' : 'text', text: item.text };
    (open.at(-1)?.children ?? root).push(leaf);
  });
  return root;
}

/** How many items in a row, from `from`, carry the mark. */
function markExtent(items: InlineItem[], from: number, key: string): number {
  let end = from;
  while (end < items.length && hasMark(items[end], key)) end++;
  return end - from;
}

/**
 * A neighbouring character of a delimiter: '' at a line's edge, null for a delimiter not yet
 * chosen (some ASCII punctuation, never the same as the one it touches: that one chooses after).
 */
type Neighbour = string | null;

/** Writes the span tree left to right, choosing each delimiter from what surrounds it. */
class InlineWriter {
  /** The Markdown written so far, in pieces (reading back a long joined string would copy it each time). */
  private readonly pieces: string[] = [];
  private readonly written = new Map<InlineLeaf, string>();
  private linkDepth = 0;

  constructor(private readonly context: InlineContext) {}

  write(tree: InlineTree[]): string {
    this.sequence(tree, '', true);
    return this.pieces.join('');
  }

  /** Appends Markdown; a "!" just before a "[" would make a link an image (or an Obsidian embed), so it is escaped. */
  private append(markdown: string): void {
    if (!markdown) return;
    const last = this.pieces.length - 1;
    if (markdown.startsWith('[') && last >= 0 && this.pieces[last].endsWith('!') && !this.escapedAtEnd()) {
      this.pieces[last] = `${this.pieces[last].slice(0, -1)}\\!`;
    }
    this.pieces.push(markdown);
  }

  /** Whether the last character written follows an odd number of backslashes. */
  private escapedAtEnd(): boolean {
    let backslashes = 0;
    for (let piece = this.pieces.length - 1; piece >= 0; piece--) {
      const text = this.pieces[piece];
      let index = piece === this.pieces.length - 1 ? text.length - 2 : text.length - 1;
      while (index >= 0 && text[index] === '\\') {
        backslashes++;
        index--;
      }
      if (index >= 0) break;
    }
    return backslashes % 2 === 1;
  }

  private sequence(children: InlineTree[], after: Neighbour, lineLevel: boolean): void {
    children.forEach((child, index) => {
      if (child.kind === 'span') {
        const next = children[index + 1];
        this.span(child, next ? this.firstChar(next, lineLevel && endsLine(children, index + 1)) : after);
      } else {
        this.append(this.leaf(child, this.atLineStart(), lineLevel && endsLine(children, index)));
      }
    });
  }

  private span(span: InlineSpan, after: Neighbour): void {
    const { type } = span.mark;
    if (type === 'link') {
      this.append('[');
      this.linkDepth++;
      this.sequence(span.children, ']', false);
      this.linkDepth--;
      this.append(`](${markdownLinkDestination(stringAttr(span.mark.attrs?.href))}${markdownLinkTitle(span.mark.attrs?.title)})`);
      return;
    }
    const delimiters = DELIMITERS[type];
    const before = this.previousChar();
    const delimiter = delimiters?.candidates.find((candidate) =>
      flanks(candidate, before, this.firstChar(span.children[0], false), this.lastChar(span.children[span.children.length - 1]), after),
    );
    if (delimiter) {
      this.append(delimiter);
      this.sequence(span.children, delimiter[0], false);
      this.append(delimiter);
      return;
    }
    const tag = delimiters?.tag ?? HTML_TAGS[type];
    this.append(`<${tag}>`);
    this.sequence(span.children, '<', false);
    this.append(`</${tag}>`);
  }

  /**
   * A leaf's Markdown. Written once and read ahead by its neighbours' delimiters: kept, except
   * at a line's start (where no neighbour reads ahead). Whether it ends a line never varies.
   */
  private leaf(leaf: InlineLeaf, lineStart: boolean, lineEnd: boolean): string {
    if (lineStart) return this.leafMarkdown(leaf, true, lineEnd);
    let markdown = this.written.get(leaf);
    if (markdown === undefined) {
      markdown = this.leafMarkdown(leaf, false, lineEnd);
      this.written.set(leaf, markdown);
    }
    return markdown;
  }

  private leafMarkdown(leaf: InlineLeaf, lineStart: boolean, lineEnd: boolean): string {
    switch (leaf.kind) {
      case 'text':
        return escapeInlineText(leaf.text, { lineStart, lineEnd });
      case 'code':
        return this.code(leaf.text, lineStart);
      case 'reference':
        // A link's text cannot hold another link: there, a reference is its label.
        return this.linkDepth > 0 ? escapeInlineText(leaf.attrs.label || leaf.attrs.kind, { lineStart: false, lineEnd: false }) : leaf.markdown;
      case 'break':
        return this.context === 'cell' ? '<br>' : '\\\n';
    }
  }

  /**
   * A code span, except where its backticks would mean more: three at a line's start open a
   * code block, in a table cell a backslash before a pipe cannot be kept; and where parsers
   * disagree. There the code is an HTML `<code>` element holding escaped text.
   */
  private code(text: string, lineStart: boolean): string {
    const span = codeSpan(text);
    const opensFence = lineStart && this.context === 'paragraph' && span.startsWith('```');
    const losesBackslash = this.context === 'cell' && /(?:^|[^\\])(?:\\\\)*\\\|/.test(text);
    // marked finds a link's text only when its code spans hold no backtick.
    const hidesLink = this.linkDepth > 0 && text.includes('`');
    // markdown-it strips a space from each end of "   " (CommonMark keeps code of only spaces whole).
    const onlySpaces = /^ {3,}$/.test(text);
    if (!opensFence && !losesBackslash && !hidesLink && !onlySpaces) return span;
    return `<code>${escapeInlineText(text, { lineStart: false, lineEnd: false })}</code>`;
  }

  private firstChar(node: InlineTree, lineEnd: boolean): Neighbour {
    if (node.kind !== 'span') return firstCodePoint(this.leaf(node, false, lineEnd));
    if (node.mark.type === 'link') return '[';
    return DELIMITERS[node.mark.type] ? null : '<';
  }

  private lastChar(node: InlineTree): Neighbour {
    if (node.kind !== 'span') return lastCodePoint(this.leaf(node, false, false));
    if (node.mark.type === 'link') return ')';
    return DELIMITERS[node.mark.type] ? null : '>';
  }

  private previousChar(): string {
    return this.atLineStart() ? '' : lastCodePoint(this.pieces[this.pieces.length - 1]);
  }

  private atLineStart(): boolean {
    return this.pieces.length === 0 || this.pieces[this.pieces.length - 1].endsWith('\n');
  }
}

/** Whether the child at `index` of a line's top level is the last before a break or the end. */
function endsLine(children: InlineTree[], index: number): boolean {
  return index === children.length - 1 || children[index + 1].kind === 'break';
}

/**
 * Whether `delimiter` around content starting with `first` and ending with `last`, between
 * `before` and `after`, opens and closes in every parser. CommonMark's rule (a delimiter
 * opens when left-flanking, closes when right-flanking) is taken strictly: a delimiter is
 * never both (between two letters, or two punctuation marks), which marked pairs wrongly when
 * nested; a symbol counts as punctuation inside the delimiters but not outside (older
 * CommonMark, marked's "~"); a delimiter never touches another run of its own character.
 */
function flanks(delimiter: string, before: Neighbour, first: Neighbour, last: Neighbour, after: Neighbour): boolean {
  const char = delimiter[0];
  if ([before, first, last, after].includes(char)) return false;
  if (first === '' || last === '' || isWhitespace(first) || isWhitespace(last)) return false;
  const opens = isSpaceOrEdge(before) || (isPunctuationStrict(before) && !isPunctuationLoose(first));
  const closes = isSpaceOrEdge(after) || (isPunctuationStrict(after) && !isPunctuationLoose(last));
  return opens && closes;
}

function isSpaceOrEdge(char: Neighbour): boolean {
  return char === '' || (char !== null && /^[\p{Zs}\t\n\f\r]$/u.test(char));
}

/**
 * Punctuation by every parser's definition: not a symbol outside ASCII (older CommonMark),
 * not "~" (marked's GFM mode counts it a letter), not a delimiter still to be chosen (it may be "~~").
 */
function isPunctuationStrict(char: Neighbour): boolean {
  return char !== null && char !== '~' && /^[\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]$/u.test(char);
}

function isWhitespace(char: Neighbour): boolean {
  return char !== null && /^\s$/u.test(char);
}

function isPunctuationLoose(char: Neighbour): boolean {
  return char === null || /^[\p{P}\p{S}]$/u.test(char);
}

function firstCodePoint(text: string): string {
  return text ? String.fromCodePoint(text.codePointAt(0)!) : '';
}

function lastCodePoint(text: string): string {
  if (!text) return '';
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xdc00 && last <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1);
}
