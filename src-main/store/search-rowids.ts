/**
 * Each kind of indexed item takes its rowids from a range of its own (migration 0016). FTS5
 * answers a rowid range from its index, so a search among one kind's items reads only their
 * matches: with one range for every kind, ranking highlights for "government people" at 100,000
 * articles read every article that matched too, and looked each up to learn its kind
 * (tests/bench/search-scale.ts).
 */
import type { IndexedKind } from './search';

/** How many rowids each kind may take: far more items than a notebook holds, well within JavaScript's exact integers. */
const SPAN = 2 ** 40;

export interface RowidRange {
  first: number;
  /** The first rowid after the range. */
  end: number;
}

const RANGES: Record<IndexedKind, RowidRange> = {
  article: { first: 1, end: SPAN },
  highlight: { first: SPAN, end: 2 * SPAN },
  note: { first: 2 * SPAN, end: 3 * SPAN },
};

export function rowidsOf(kind: IndexedKind): RowidRange {
  return RANGES[kind];
}

/** The kinds in runs whose ranges adjoin, in rowid order: one range holds each run's items and no other kind's. */
export function adjoiningRuns(kinds: readonly IndexedKind[]): IndexedKind[][] {
  const runs: IndexedKind[][] = [];
  for (const kind of [...kinds].sort((a, b) => RANGES[a].first - RANGES[b].first)) {
    const run = runs.at(-1);
    if (run && RANGES[run.at(-1)!].end === RANGES[kind].first) run.push(kind);
    else runs.push([kind]);
  }
  return runs;
}

/** The range that holds the ranges of a run of kinds (adjoiningRuns). */
export function rowidsOfRun(run: readonly IndexedKind[]): RowidRange {
  return { first: RANGES[run[0]].first, end: RANGES[run.at(-1)!].end };
}
