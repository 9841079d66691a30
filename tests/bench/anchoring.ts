/**
 * Re-anchoring highlights on edited texts: over the corpus articles' texts, random passages of
 * 5–60 words, each put through one edit (a paragraph inserted before it, a typo fixed inside
 * it, its whitespace and punctuation changed, or its paragraph deleted), then anchored on the
 * edited text. Reports how often the anchor is right, wrong or an orphan, and the time per
 * highlight on a 50 KB text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anchor, describeRange } from '../../src-main/common/anchor';
import { clipPage } from '../../src-main/clip/clip-page';
import { corpusDir } from './clip';
import { markdownTable, summarize } from './stats';

const PASSAGES_PER_TEXT = 24;
type Edit = 'insert-before' | 'typo-fixed' | 'whitespace-punctuation' | 'deleted';
const EDITS: Edit[] = ['insert-before', 'typo-fixed', 'whitespace-punctuation', 'deleted'];

/** A small seeded generator, so every run measures the same cases. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Case {
  edit: Edit;
  text: string;
  start: number;
  end: number;
  edited: string;
  /** Where the passage is in the edited text; null when it was deleted. */
  expected: { start: number; end: number } | null;
}

function wordBounds(text: string): Array<[number, number]> {
  return [...text.matchAll(/\S+/g)].map((match) => [match.index!, match.index! + match[0].length]);
}

function makeCase(text: string, edit: Edit, next: () => number, filler: string): Case | null {
  const words = wordBounds(text);
  const length = 5 + Math.floor(next() * 56);
  if (words.length < length + 2) return null;
  const first = Math.floor(next() * (words.length - length));
  const start = words[first][0];
  const end = words[first + length - 1][1];
  const passage = text.slice(start, end);
  const paragraphStart = text.lastIndexOf('\n', start) + 1;
  const paragraphEndAt = text.indexOf('\n', end);
  const paragraphEnd = paragraphEndAt < 0 ? text.length : paragraphEndAt;
  switch (edit) {
    case 'insert-before': {
      const inserted = `${filler}\n\n`;
      const edited = text.slice(0, paragraphStart) + inserted + text.slice(paragraphStart);
      return { edit, text, start, end, edited, expected: { start: start + inserted.length, end: end + inserted.length } };
    }
    case 'typo-fixed': {
      const letters = [...passage.matchAll(/\p{L}/gu)].map((match) => match.index!);
      if (letters.length < 10) return null;
      const at = letters[Math.floor(letters.length / 2)];
      const fixed = passage.slice(0, at) + (passage[at] === 'e' ? 'a' : 'e') + passage.slice(at + 1);
      return { edit, text, start, end, edited: text.slice(0, start) + fixed + text.slice(end), expected: { start, end } };
    }
    case 'whitespace-punctuation': {
      const changed = passage.replace(/ /g, (space, offset: number) => (offset % 7 === 0 ? '  ' : space)).replace(/[“”]/g, '"').replace(/,/g, ';');
      return { edit, text, start, end, edited: text.slice(0, start) + changed + text.slice(end), expected: { start, end: start + changed.length } };
    }
    case 'deleted': {
      // The whole paragraph goes, and the passage with it (if it ran past the paragraph, so does the rest).
      const cut = Math.max(paragraphEnd, end);
      const edited = text.slice(0, paragraphStart) + text.slice(cut);
      if (edited.includes(passage)) return null;
      return { edit, text, start, end, edited, expected: null };
    }
  }
}

function loadTexts(root: string): string[] {
  const dir = corpusDir(root, 'readability');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'source.html')))
    .flatMap((name) => {
      try {
        return [clipPage({ bytes: readFileSync(join(dir, name, 'source.html')), fetchedUrl: 'http://fakehost/test/page.html', label: name }).text];
      } catch {
        return [];
      }
    })
    .filter((text) => text.length > 2000);
}

export async function anchoringBenchmark(root: string) {
  const texts = loadTexts(root);
  const next = random(20261128);
  const tally: Record<Edit, { cases: number; right: number; wrong: number; orphan: number }> = Object.fromEntries(
    EDITS.map((edit) => [edit, { cases: 0, right: 0, wrong: 0, orphan: 0 }]),
  ) as never;
  const wrongExamples: string[] = [];
  texts.forEach((text, index) => {
    const filler = texts[(index + 1) % texts.length].slice(0, 400);
    for (let i = 0; i < PASSAGES_PER_TEXT; i++) {
      const testCase = makeCase(text, EDITS[i % EDITS.length], next, filler);
      if (!testCase) continue;
      const found = anchor(describeRange(testCase.text, testCase.start, testCase.end), testCase.edited);
      const row = tally[testCase.edit];
      row.cases++;
      if (found.status === 'orphan') row.orphan++;
      else if (testCase.expected && Math.abs(found.start - testCase.expected.start) <= 3 && Math.abs(found.end - testCase.expected.end) <= 3) row.right++;
      else {
        row.wrong++;
        const how = found.status === 'fuzzy' ? `fuzzy ${found.score}` : found.status;
        if (wrongExamples.length < 5) wrongExamples.push(`${testCase.edit}, found ${how}: "${testCase.text.slice(testCase.start, testCase.end).slice(0, 60)}…" → "${testCase.edited.slice(found.start, found.end).slice(0, 60)}…"`);
      }
    }
  });

  // Time per highlight on a 50 KB text (each call normalises the text, as a single anchor does).
  const big = texts.join('\n\n').slice(0, 50_000);
  const bigEdited = `${texts[0].slice(0, 500)}\n\n${big}`;
  const timings: number[] = [];
  for (let i = 0; i < 400; i++) {
    const testCase = makeCase(big, i % 2 === 0 ? 'insert-before' : 'typo-fixed', next, '');
    if (!testCase) continue;
    const target = testCase.edit === 'insert-before' ? bigEdited : testCase.edited;
    const selectors = describeRange(big, testCase.start, testCase.end);
    const started = performance.now();
    anchor(selectors, target);
    timings.push(performance.now() - started);
  }
  const time = summarize(timings);

  const kept = EDITS.filter((edit) => edit !== 'deleted');
  const keptCases = kept.reduce((sum, edit) => sum + tally[edit].cases, 0);
  const keptRight = kept.reduce((sum, edit) => sum + tally[edit].right, 0);
  const wrong = EDITS.reduce((sum, edit) => sum + tally[edit].wrong, 0);
  const all = EDITS.reduce((sum, edit) => sum + tally[edit].cases, 0);
  const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
  const table = [
    `Anchoring ${all} highlights on edited versions of ${texts.length} corpus texts`,
    markdownTable(
      ['edit', 'cases', 'right text', 'wrong', 'orphan'],
      EDITS.map((edit) => [edit, String(tally[edit].cases), percent(tally[edit].right, tally[edit].cases), String(tally[edit].wrong), percent(tally[edit].orphan, tally[edit].cases)]),
    ),
    `Kept passages anchored to the right text: ${percent(keptRight, keptCases)} (target ≥ 99%); wrong anchors: ${wrong} (target 0); deleted passages orphaned: ${percent(tally.deleted.orphan, tally.deleted.cases)} (target 100%)`,
    `Time per highlight on a 50 KB text: median ${time.median.toFixed(3)} ms, p95 ${time.p95.toFixed(3)} ms (target median < 1 ms)`,
    wrongExamples.length > 0 ? `Wrong anchors, for example:\n  ${wrongExamples.join('\n  ')}` : '',
  ].join('\n');
  return { table, json: { suite: 'anchoring', texts: texts.length, tally, keptRightShare: keptRight / Math.max(1, keptCases), wrong, msPerHighlight: time } };
}
