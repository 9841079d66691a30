/**
 * Clip CPU time per page over ../shared/corpus/readability: our whole pipeline without the
 * network (decode, Readability, sanitize, schema → JSON, text, store in a real SQLite file),
 * against bare Readability on linkedom and on jsdom, measured in the same run.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { DEFAULT_DOWNLOAD_POLICY } from '../../src-main/clip/download-images';
import { clipAndKeep } from '../../src-main/clipping';
import { openNotebook } from '../../src-main/notebook';
import { tempDir } from '../support/temp';
import { collectGarbage, cpuMs, markdownTable, summarize } from './stats';

/**
 * Ours and bare Readability+linkedom take turns on each page, in this order: a machine whose
 * speed changes during the run (this one's did, by a fifth between two runs of the suite)
 * weighs on both alike, as it would not if each made its own pass over the pages. A page's
 * figure is the median of its runs, which leaves out the few runs a full collection fell in.
 */
const TURNS = ['commonplace', 'readability+linkedom', 'readability+linkedom', 'commonplace'] as const;
const ROUNDS = 3;
const REPETITIONS = (ROUNDS * TURNS.length) / 2;
/** jsdom, the slower reference, makes its own passes after them, this many runs a page each. */
const JSDOM_PASSES = 2;
const RUNS_PER_JSDOM_PASS = REPETITIONS / JSDOM_PASSES;

interface Page {
  name: string;
  url: string;
  bytes: Uint8Array;
}

export function corpusDir(root: string, name: string): string {
  const dir = join(root, '..', 'shared', 'corpus', name);
  if (!existsSync(dir)) throw new Error(`The benchmark corpus is missing: looked for ${dir}`);
  return dir;
}

function loadPages(root: string): Page[] {
  const dir = corpusDir(root, 'readability');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'source.html')))
    .map((entry) => ({
      name: entry.name,
      // Readability's own test harness uses this address for every page.
      url: 'http://fakehost/test/page.html',
      bytes: readFileSync(join(dir, entry.name, 'source.html')),
    }));
}

/** The median of a page's runs, so one garbage collection does not decide its figure. */
function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

/**
 * Lets the tasks a run left behind run, as the app's event loop does between two clips: jsdom
 * frees a closed window's document only in a later task. Without one, every window closed since
 * the last stays in the heap (480 MB after one pass), and each collection costs up to a second.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** No image downloads: the benchmark measures the CPU work of a clip, not the network. */
const NO_DOWNLOADS = { ...DEFAULT_DOWNLOAD_POLICY, concurrency: 0 };

export async function clipBenchmark(root: string) {
  const pages = loadPages(root);
  const data = tempDir('commonplace-bench-');
  const notebook = openNotebook(data.dir);
  const now = () => new Date();
  const virtualConsole = new VirtualConsole();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  const pipelines = {
    // Every repetition stores a new capture, so storing is measured each time.
    commonplace: (page: Page) =>
      clipAndKeep(notebook.db, { bytes: page.bytes, fetchedUrl: page.url, label: page.name }, { now, downloadPolicy: NO_DOWNLOADS, alwaysNewCapture: true }),
    'readability+linkedom': (page: Page) => {
      const { document } = parseHTML(decode(page.bytes));
      Object.defineProperty(document, 'baseURI', { value: page.url });
      new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    },
    'readability+jsdom': (page: Page) => {
      const dom = new JSDOM(decode(page.bytes), { url: page.url, virtualConsole });
      new Readability(dom.window.document).parse();
      dom.window.close();
    },
  };

  type PipelineName = keyof typeof pipelines;
  const perPage: Array<Record<string, unknown>> = pages.map((page) => ({ page: page.name, bytes: page.bytes.length }));
  const names = Object.keys(pipelines) as PipelineName[];
  const runs = Object.fromEntries(names.map((name) => [name, pages.map((): number[] => [])])) as Record<PipelineName, number[][]>;
  const failures: Array<{ page: string; error: string }> = [];
  const failed = new Set<string>();
  const measure = async (name: PipelineName, index: number) => {
    const page = pages[index];
    const key = `${page.name} (${name})`;
    if (failed.has(key)) return;
    try {
      runs[name][index].push(await cpuMs(() => pipelines[name](page)));
    } catch (error) {
      failed.add(key);
      failures.push({ page: key, error: (error as Error).message });
    }
    await settle();
  };
  // Every pipeline runs over every page unmeasured first: ours and the bare one share linkedom
  // and Readability, so whichever ran first would otherwise pay for compiling their code.
  const warmUp = async (name: PipelineName) => {
    for (const page of pages) {
      await Promise.resolve(pipelines[name](page)).catch(() => undefined);
      await settle();
    }
  };
  await warmUp('commonplace');
  await warmUp('readability+linkedom');
  collectGarbage();
  for (const index of pages.keys()) {
    for (let round = 0; round < ROUNDS; round++) for (const name of TURNS) await measure(name, index);
  }
  // jsdom comes last, warm-up included: every pipeline runs slower after it, in a larger heap
  // and with Readability's code compiled for two kinds of DOM instead of one.
  await warmUp('readability+jsdom');
  for (let pass = 0; pass < JSDOM_PASSES; pass++) {
    collectGarbage();
    for (const index of pages.keys()) for (let run = 0; run < RUNS_PER_JSDOM_PASS; run++) await measure('readability+jsdom', index);
  }
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<PipelineName, number[]>;
  for (const [index, page] of pages.entries()) {
    for (const name of names) {
      const ok = !failed.has(`${page.name} (${name})`);
      if (ok) times[name].push(median(runs[name][index]));
      perPage[index][name] = ok ? median(runs[name][index]) : null;
    }
  }
  notebook.close();
  data.cleanup();

  const summaries = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, summarize(values)]));
  const ratio = summaries.commonplace.total / summaries['readability+linkedom'].total;
  // Fixed costs per clip (the store's transaction above all) weigh most on the small pages that
  // make up the middle of the corpus, so the medians' ratio is reported beside the totals'.
  const medianRatio = summaries.commonplace.median / summaries['readability+linkedom'].median;
  const table = [
    `Clip CPU time per page, ${pages.length} pages of corpus/readability, median of ${REPETITIONS} runs each (ms)`,
    markdownTable(
      ['pipeline', 'median', 'p95', 'max', 'total'],
      Object.entries(summaries).map(([name, s]) => [name, s.median, s.p95, s.max, s.total]),
    ),
    `commonplace / readability+linkedom: ${ratio.toFixed(2)}× in total, ${medianRatio.toFixed(2)}× at the median page`,
    failures.length > 0 ? `Failures:\n${failures.map((f) => `  ${f.page}: ${f.error}`).join('\n')}` : 'Failures: none',
  ].join('\n');
  return { table, json: { suite: 'clip', pages: pages.length, repetitions: REPETITIONS, unit: 'cpu ms', summaries, ratioToLinkedom: ratio, medianRatioToLinkedom: medianRatio, failures, perPage } };
}
