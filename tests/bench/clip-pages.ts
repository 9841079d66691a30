/** The pages of corpus/readability as the clip benchmark runs them, and what its processes share. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Page {
  name: string;
  url: string;
  bytes: Uint8Array;
}

/** A process's runs, in CPU ms: for each pipeline, each page's runs in the order of `pages`. */
export interface PairRuns {
  pages: string[];
  runs: Record<'commonplace' | 'readability+linkedom', number[][]>;
  failures: Array<{ page: string; error: string }>;
}

export function corpusDir(root: string, name: string): string {
  const dir = join(root, '..', 'shared', 'corpus', name);
  if (!existsSync(dir)) throw new Error(`The benchmark corpus is missing: looked for ${dir}`);
  return dir;
}

export function loadPages(root: string): Page[] {
  const dir = corpusDir(root, 'readability');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'source.html')))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((entry) => ({
      name: entry.name,
      // Readability's own test harness uses this address for every page.
      url: 'http://fakehost/test/page.html',
      bytes: readFileSync(join(dir, entry.name, 'source.html')),
    }));
}

/**
 * Lets the tasks a run left behind run, as the app's event loop does between two clips: jsdom
 * frees a closed window's document only in a later task. Without one, every window closed since
 * the last stays in the heap (480 MB after one pass), and each collection costs up to a second.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
