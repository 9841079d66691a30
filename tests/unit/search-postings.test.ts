import { describe, expect, it } from 'vitest';
import { BestFirst, PostingsCursor, PostingsWriter, scoredMatches, type LatePosting, type Postings } from '../../src-main/store/search-postings';
import { termScore } from '../../src-main/store/search-top';

function postingsOf(first: number, packed: LatePosting[], late: LatePosting[] = []): Postings {
  const writer = new PostingsWriter(first);
  for (const [rowid, frequency, length] of packed) writer.add(rowid, frequency, length);
  return { packed: writer.finish(), first, late };
}

function everyPosting(postings: Postings): number[][] {
  const cursor = new PostingsCursor(postings);
  const read: number[][] = [];
  while (cursor.next()) read.push([postings.first + cursor.offset, cursor.frequency, cursor.length]);
  return read;
}

describe('postings of frequent words', () => {
  const first = 2 ** 40;

  it('reads back what was packed, then the postings of items indexed since', () => {
    const packed: LatePosting[] = [
      [first, 1, 12],
      [first + 1, 130, 70_000],
      [first + 200_000, 3, 1],
      [first + 2 ** 35, 20, 900],
    ];
    const late: LatePosting[] = [[first + 2 ** 36, 2, 40]];
    const postings = postingsOf(first, packed, late);
    expect(postings.packed.length).toBeLessThan(packed.length * 3 * 3);
    expect(everyPosting(postings)).toEqual([...packed, ...late]);
    expect(everyPosting(postingsOf(first, []))).toEqual([]);
    // A cursor seeks by distance from the kind's first rowid.
    const cursor = new PostingsCursor(postings);
    expect(cursor.seek(2)).toBe(true);
    expect(cursor.offset).toBe(200_000);
    expect(cursor.seek(2 ** 36)).toBe(true);
    expect(cursor.frequency).toBe(2);
    expect(cursor.seek(2 ** 36 + 1)).toBe(false);
  });

  it("scores the items every word's postings hold, summing the words in their order", () => {
    const often = postingsOf(1, Array.from({ length: 500 }, (_, i): LatePosting => [i * 2 + 1, 1 + (i % 3), 100 + i]));
    const seldom = postingsOf(1, [[3, 2, 101], [4, 1, 50], [401, 5, 300]], [[999, 1, 599], [1200, 1, 10]]);
    const matches = scoredMatches([often, seldom], [0.5, 2], 120);
    expect([...matches.rowids.subarray(0, matches.count)]).toEqual([3, 401, 999]);
    expect(matches.scores[1]).toBe(0.5 * termScore(1 + (200 % 3), 300, 120) + 2 * termScore(5, 300, 120));
    expect(scoredMatches([often, postingsOf(1, [[2, 1, 1]])], [1, 1], 120).count).toBe(0);
  });

  it('gives the matches best first, a slice at a time, ties together', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 10);
    const matches = { count: scores.length, rowids: Float64Array.from(scores, (_, i) => i), scores: Float64Array.from(scores) };
    const order = new BestFirst(matches);
    const taken = [...order.take(3), ...order.take(300), ...order.take(2000)];
    expect(order.peek()).toBeUndefined();
    expect(taken.map((i) => scores[i])).toEqual([...scores].sort((a, b) => b - a));
    // Ten matches share each score.
    const tied = { count: 40, rowids: new Float64Array(40), scores: Float64Array.from({ length: 40 }, (_, i) => i % 4) };
    const tiedOrder = new BestFirst(tied);
    const tiedTaken = [...tiedOrder.take(5), ...tiedOrder.take(5), ...tiedOrder.take(100)];
    expect(tiedTaken.map((i) => tied.scores[i])).toEqual([...tied.scores].sort((a, b) => b - a));
    expect(new Set(tiedTaken).size).toBe(40);
  });
});
