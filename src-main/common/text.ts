/**
 * The one definition of a document's plain text. Main stores it; the reader computes it from
 * the document it loaded; highlights, search snippets and exports count positions in it.
 *
 * Rules:
 * - a textblock's text is its text nodes in order; a hard break is "\n"; a note's reference
 *   is its label; other inline leaves (images) are empty;
 * - blocks with empty text (an image, a rule, an empty paragraph) are left out;
 * - the texts of sibling blocks are joined by a separator that depends on their parent:
 *   list items, the blocks of one list item, and table rows by "\n"; table cells by "\t";
 *   blocks inside one cell by " "; everywhere else (document, quote, figure) by "\n\n".
 */
import type { DocNode } from './model';

const SEPARATOR_WITHIN: Record<string, string> = {
  bulletList: '\n',
  orderedList: '\n',
  listItem: '\n',
  taskList: '\n',
  taskItem: '\n',
  table: '\n',
  tableRow: '\t',
  tableCell: ' ',
  tableHeader: ' ',
};
const DEFAULT_SEPARATOR = '\n\n';

/** A text node's place in the text (`from`) and in the ProseMirror document (`pos`). */
export interface TextRun {
  from: number;
  pos: number;
  length: number;
}

export interface DocText {
  text: string;
  runs: TextRun[];
}

export function docToText(doc: DocNode): string {
  return walkDoc(doc, null).text;
}

/** The text and, for mapping positions between text and document, where each text node sits. */
export function docTextWithRuns(doc: DocNode): DocText {
  const runs: TextRun[] = [];
  return { text: walkDoc(doc, runs).text, runs };
}

interface Walk {
  text: string;
}

function walkDoc(doc: DocNode, runs: TextRun[] | null): Walk {
  const parts: string[] = [];
  let length = 0;
  const push = (part: string) => {
    parts.push(part);
    length += part.length;
  };

  /** Appends the block's text, returns whether it had any. `pos` is where its content starts. */
  function block(node: DocNode, contentPos: number): boolean {
    const children = node.content;
    if (!children || children.length === 0) return false;
    if (TEXTBLOCK_TYPES.has(node.type) || isInline(children[0])) return inlineContent(children, contentPos);
    const separator = SEPARATOR_WITHIN[node.type] ?? DEFAULT_SEPARATOR;
    let wrote = false;
    let pos = contentPos;
    for (const child of children) {
      const mark = parts.length;
      const lengthBefore = length;
      const runsBefore = runs?.length ?? 0;
      if (wrote) push(separator);
      const childWrote = block(child, pos + 1);
      if (childWrote) {
        wrote = true;
      } else {
        parts.length = mark;
        length = lengthBefore;
        if (runs) runs.length = runsBefore;
      }
      pos += nodeSize(child);
    }
    return wrote;
  }

  function inlineContent(children: DocNode[], contentPos: number): boolean {
    const lengthBefore = length;
    let pos = contentPos;
    for (const child of children) {
      if (child.type === 'text') {
        const text = child.text ?? '';
        runs?.push({ from: length, pos, length: text.length });
        push(text);
      } else if (child.type === 'hardBreak') {
        push('\n');
      } else if (child.type === 'reference' && typeof child.attrs?.label === 'string') {
        push(child.attrs.label);
      }
      pos += nodeSize(child);
    }
    return length > lengthBefore;
  }

  block(doc, 0);
  return { text: parts.join('') };
}

const TEXTBLOCK_TYPES = new Set(['paragraph', 'heading', 'codeBlock', 'figcaption']);

function isInline(node: DocNode): boolean {
  return node.type === 'text' || node.type === 'hardBreak' || node.type === 'reference';
}

/** ProseMirror's node size, computed from JSON: text counts its UTF-16 units, a leaf 1. */
export function nodeSize(node: DocNode): number {
  if (node.type === 'text') return node.text?.length ?? 0;
  if (!node.content) return LEAF_TYPES.has(node.type) ? 1 : 2;
  let size = 2;
  for (const child of node.content) size += nodeSize(child);
  return size;
}

const LEAF_TYPES = new Set(['hardBreak', 'image', 'horizontalRule', 'reference']);

const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)*/gu;

/** Words as a reader counts them: runs of letters or digits; each CJK character is a word. */
export function countWords(text: string): number {
  // Counted match by match: a list of every word of a long article is garbage the moment it is counted.
  WORD.lastIndex = 0;
  let count = 0;
  while (WORD.test(text)) count++;
  return count;
}
