/**
 * What the notebook reads out of a note's document: whether it is a valid note, what it
 * references, and the block a highlight becomes when it is quoted into a note.
 */
import { getSchema } from '@tiptap/core';
import { Node as ProseMirrorNode, type Fragment } from '@tiptap/pm/model';
import type { DocNode } from './model';
import { isNoteLink, isReferenceTarget, noteExtensions } from './note-schema';
import { docTextWithRuns } from './text';

const schema = getSchema(noteExtensions);

/** Why a document cannot be saved as a note, or null when it can. */
export function noteDocProblem(doc: DocNode): string | null {
  let node: ProseMirrorNode;
  try {
    node = ProseMirrorNode.fromJSON(schema, doc);
    node.check();
  } catch (error) {
    return `is not a valid note document: ${(error as Error).message}`;
  }
  let problem: string | null = null;
  node.descendants((child) => {
    if (problem) return false;
    for (const mark of child.marks) {
      const href = mark.type.name === 'link' ? String(mark.attrs.href ?? '') : null;
      if (href !== null && !isNoteLink(href)) {
        problem = `has a link to “${href.slice(0, 80)}”: links may go to http, https and mailto addresses and to the notebook's own #/ addresses`;
      }
    }
    if (child.type.name === 'reference' && !isReferenceTarget(child.attrs.kind, child.attrs.targetId)) {
      problem = 'has a reference without a valid target (kind highlight, claim, article or note, and an id)';
    }
    if (child.type.name === 'passageQuote' && !isReferenceTarget('highlight', child.attrs.highlightId)) {
      problem = 'has a quoted passage without a valid highlight id';
    }
    return true;
  });
  return problem;
}

export interface ReferencedTarget {
  targetId: string;
  kind: 'highlight' | 'article' | 'note';
  label: string;
}

/** Every object the note points at, once each, in document order: references and quoted passages. */
export function noteReferences(doc: DocNode): ReferencedTarget[] {
  const found = new Map<string, ReferencedTarget>();
  const visit = (node: DocNode) => {
    const attrs = node.attrs ?? {};
    const targetId = String(attrs.targetId ?? '');
    if (node.type === 'reference' && isReferenceTarget(attrs.kind, targetId) && !found.has(targetId)) {
      const kind = attrs.kind === 'claim' ? 'highlight' : attrs.kind;
      found.set(targetId, { targetId, kind, label: String(attrs.label ?? '') });
    }
    const highlightId = String(attrs.highlightId ?? '');
    if (node.type === 'passageQuote' && isReferenceTarget('highlight', highlightId) && !found.has(highlightId)) {
      const text = docTextWithRuns({ type: 'doc', content: node.content ?? [] }).text;
      found.set(highlightId, { targetId: highlightId, kind: 'highlight', label: text.slice(0, 200) });
    }
    node.content?.forEach(visit);
  };
  visit(doc);
  return [...found.values()];
}

export interface QuotedSource {
  highlightId: string;
  articleId: string;
  title: string;
  url: string | null;
}

/**
 * A highlight as a block quote: the text between `start` and `end` of the article's document,
 * each textblock it crosses becoming a paragraph that keeps its inline marks (emphasis, links,
 * code…), with the source's title and address in the block's attributes.
 */
export function passageQuoteNode(articleDoc: DocNode, start: number, end: number, source: QuotedSource): DocNode {
  const { runs } = docTextWithRuns(articleDoc);
  const from = docPosition(runs, start, 'start');
  const to = docPosition(runs, end, 'end');
  const doc = ProseMirrorNode.fromJSON(schema, articleDoc);
  const paragraphs: ProseMirrorNode[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const content: Fragment = node.content.cut(Math.max(0, from - pos - 1), Math.min(node.content.size, to - pos - 1));
    if (content.size > 0) paragraphs.push(schema.nodes.paragraph.create(null, content));
    return false;
  });
  if (paragraphs.length === 0) paragraphs.push(schema.nodes.paragraph.create());
  const quote = schema.nodes.passageQuote.create(source, paragraphs);
  return quote.toJSON() as DocNode;
}

/** The document position of a text offset: inside the text node that holds it. */
function docPosition(runs: Array<{ from: number; pos: number; length: number }>, offset: number, side: 'start' | 'end'): number {
  for (const run of runs) {
    const inside = side === 'start' ? offset >= run.from && offset < run.from + run.length : offset > run.from && offset <= run.from + run.length;
    if (inside) return run.pos + (offset - run.from);
  }
  // An offset on a separator between blocks: the nearest text after (start) or before (end).
  if (side === 'start') return (runs.find((run) => run.from >= offset) ?? runs[runs.length - 1]).pos;
  const before = [...runs].reverse().find((run) => run.from + run.length <= offset) ?? runs[0];
  return before.pos + before.length;
}
