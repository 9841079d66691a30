/**
 * Between offsets in a capture's plain text (where selectors live) and ProseMirror positions
 * (where decorations and selections live), through the runs common/text.ts records.
 */
import type { TextRun } from '@common/text';

/** The document position of a text offset; `side` says which run an offset between two belongs to. */
export function textToDocPosition(runs: TextRun[], offset: number, side: 'start' | 'end'): number | null {
  if (runs.length === 0) return null;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (offset < run.from) return side === 'start' ? run.pos : i > 0 ? runs[i - 1].pos + runs[i - 1].length : run.pos;
    if (offset < run.from + run.length || (offset === run.from + run.length && side === 'end')) return run.pos + (offset - run.from);
  }
  const last = runs[runs.length - 1];
  return last.pos + last.length;
}

/** The text offset of a document position (positions between runs go to the nearest run's edge). */
export function docToTextOffset(runs: TextRun[], position: number, side: 'start' | 'end'): number | null {
  if (runs.length === 0) return null;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (position < run.pos) return side === 'start' ? run.from : i > 0 ? runs[i - 1].from + runs[i - 1].length : run.from;
    if (position <= run.pos + run.length) return run.from + (position - run.pos);
  }
  const last = runs[runs.length - 1];
  return last.from + last.length;
}
