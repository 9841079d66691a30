/**
 * Between offsets in a capture's plain text (where selectors live) and ProseMirror positions
 * (where decorations and selections live), through the runs common/text.ts records. Runs are
 * in document order, so both directions binary-search them: find marks every match of a
 * word, and a book-length capture has thousands of runs.
 */
import type { TextRun } from '@common/text';

/** The index of the first run for which `isAtOrAfter` holds (it must hold for all runs after it), or runs.length. */
function firstRun(runs: TextRun[], isAtOrAfter: (run: TextRun) => boolean): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (isAtOrAfter(runs[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The document position of a text offset; `side` says which run an offset between two belongs to. */
export function textToDocPosition(runs: TextRun[], offset: number, side: 'start' | 'end'): number | null {
  if (runs.length === 0) return null;
  const i = firstRun(runs, (run) => (side === 'end' ? offset <= run.from + run.length : offset < run.from + run.length));
  if (i === runs.length) {
    const last = runs[runs.length - 1];
    return last.pos + last.length;
  }
  const run = runs[i];
  if (offset >= run.from) return run.pos + (offset - run.from);
  // Between two runs (a block break): the start goes to the next run, the end stays with the previous one.
  return side === 'start' || i === 0 ? run.pos : runs[i - 1].pos + runs[i - 1].length;
}

/** The text offset of a document position (positions between runs go to the nearest run's edge). */
export function docToTextOffset(runs: TextRun[], position: number, side: 'start' | 'end'): number | null {
  if (runs.length === 0) return null;
  const i = firstRun(runs, (run) => position <= run.pos + run.length);
  if (i === runs.length) {
    const last = runs[runs.length - 1];
    return last.from + last.length;
  }
  const run = runs[i];
  if (position >= run.pos) return run.from + (position - run.pos);
  return side === 'start' || i === 0 ? run.from : runs[i - 1].from + runs[i - 1].length;
}
