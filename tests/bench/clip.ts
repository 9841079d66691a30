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
 * Each pipeline makes two passes over the pages, in the order A B C then C B A, with this many
 * runs of each page per pass: a machine that slows down or speeds up during the run weighs on
 * every pipeline alike. A page's figure is the median of its runs.
 */
const RUNS_PER_PASS = 3;
const REPETITIONS = 2 * RUNS_PER_PASS;

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
  // jsdom last: after its passes every pipeline runs slower (it leaves a heap many times larger).
  const PASS_ORDER: PipelineName[] = ['commonplace', 'readability+linkedom', 'readability+linkedom', 'commonplace', 'readability+jsdom', 'readability+jsdom'];
  const perPage: Array<Record<string, unknown>> = pages.map((page) => ({ page: page.name, bytes: page.bytes.length }));
  const names = Object.keys(pipelines) as PipelineName[];
  const runs = Object.fromEntries(names.map((name) => [name, pages.map((): number[] => [])])) as Record<PipelineName, number[][]>;
  const failures: Array<{ page: string; error: string }> = [];
  const failed = new Set<string>();
  const pass = async (name: PipelineName) => {
    for (const [index, page] of pages.entries()) {
      const key = `${page.name} (${name})`;
      if (failed.has(key)) continue;
      try {
        for (let run = 0; run < RUNS_PER_PASS; run++) runs[name][index].push(await cpuMs(() => pipelines[name](page)));
      } catch (error) {
        failed.add(key);
        failures.push({ page: key, error: (error as Error).message });
      }
    }
  };
  // Every pipeline first runs over every page unmeasured: ours and the bare one share linkedom
  // and Readability, so whichever ran first would otherwise pay for compiling their code.
  for (const run of Object.values(pipelines)) for (const page of pages) await Promise.resolve(run(page)).catch(() => undefined);
  // Then one pipeline at a time over all pages, after a collection: each pays for collecting
  // its own garbage, never another's (jsdom leaves a lot, ours more than bare Readability).
  for (const name of PASS_ORDER) {
    collectGarbage();
    await pass(name);
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
    `Clip CPU time per page, ${pages.length} pages of corpus/readability, median of ${REPETITIONS} runs each in two passes (ms)`,
    markdownTable(
      ['pipeline', 'median', 'p95', 'max', 'total'],
      Object.entries(summaries).map(([name, s]) => [name, s.median, s.p95, s.max, s.total]),
    ),
    `commonplace / readability+linkedom: ${ratio.toFixed(2)}× in total, ${medianRatio.toFixed(2)}× at the median page`,
    failures.length > 0 ? `Failures:\n${failures.map((f) => `  ${f.page}: ${f.error}`).join('\n')}` : 'Failures: none',
  ].join('\n');
  return { table, json: { suite: 'clip', pages: pages.length, repetitions: REPETITIONS, unit: 'cpu ms', summaries, ratioToLinkedom: ratio, medianRatioToLinkedom: medianRatio, failures, perPage } };
}
