/**
 * Clip CPU time per page over ../shared/corpus/readability: our whole pipeline without the
 * network (decode, Readability, sanitize, schema → JSON, text, store in a real SQLite file),
 * against bare Readability on linkedom and on jsdom, measured in the same run.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadPages, settle, type Page, type PairRuns } from './clip-pages';
import { collectGarbage, cpuMs, markdownTable, summarize } from './stats';

export { corpusDir } from './clip-pages';

/**
 * Ours and bare Readability+linkedom are measured in this many processes, one after another,
 * and their runs pooled: the same code's ratio moved by ±0.04 from one process to the next
 * (each compiles and collects in its own way), far more than within one.
 */
const PROCESSES = 3;
/** jsdom, the slower reference, runs here after them: two passes, three runs a page each. */
const JSDOM_PASSES = 2;
const RUNS_PER_JSDOM_PASS = 3;

const PAIR_ENTRY = fileURLToPath(new URL('./clip-pair.ts', import.meta.url));

function measurePairInProcess(root: string): Promise<PairRuns> {
  return new Promise((resolve, reject) => {
    const child = fork(PAIR_ENTRY, [root], { execArgv: ['--expose-gc', '--import', 'tsx'] });
    let runs: PairRuns | undefined;
    child.on('message', (message) => (runs = message as PairRuns));
    child.on('error', reject);
    child.on('exit', (code) => (runs && code === 0 ? resolve(runs) : reject(new Error(`The clip benchmark's process ${PAIR_ENTRY} exited with ${code}`))));
  });
}

/** The median of a page's runs, so one garbage collection does not decide its figure. */
function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** jsdom's runs for each page, measured in this process. */
async function measureJsdom(pages: Page[]): Promise<{ runs: number[][]; failures: PairRuns['failures'] }> {
  const virtualConsole = new VirtualConsole();
  const run = (page: Page) => {
    const dom = new JSDOM(new TextDecoder().decode(page.bytes), { url: page.url, virtualConsole });
    new Readability(dom.window.document).parse();
    dom.window.close();
  };
  const runs = pages.map((): number[] => []);
  const failures: PairRuns['failures'] = [];
  const failed = new Set<number>();
  for (const page of pages) {
    try {
      run(page);
    } catch {
      // Reported by the measured runs below.
    }
    await settle();
  }
  for (let pass = 0; pass < JSDOM_PASSES; pass++) {
    collectGarbage();
    for (const [index, page] of pages.entries()) {
      for (let repeat = 0; repeat < RUNS_PER_JSDOM_PASS && !failed.has(index); repeat++) {
        try {
          runs[index].push(await cpuMs(() => run(page)));
        } catch (error) {
          failed.add(index);
          failures.push({ page: `${page.name} (readability+jsdom)`, error: (error as Error).message });
        }
        await settle();
      }
    }
  }
  return { runs, failures };
}

export async function clipBenchmark(root: string) {
  const pages = loadPages(root);
  const processes: PairRuns[] = [];
  for (let index = 0; index < PROCESSES; index++) processes.push(await measurePairInProcess(root));
  const jsdom = await measureJsdom(pages);

  const runs = {
    commonplace: pages.map((_, index) => processes.flatMap((process) => process.runs.commonplace[index])),
    'readability+linkedom': pages.map((_, index) => processes.flatMap((process) => process.runs['readability+linkedom'][index])),
    'readability+jsdom': jsdom.runs,
  };
  type PipelineName = keyof typeof runs;
  const names = Object.keys(runs) as PipelineName[];
  const failures = [...new Map([...processes.flatMap((process) => process.failures), ...jsdom.failures].map((failure) => [failure.page, failure])).values()];
  const failed = new Set(failures.map((failure) => failure.page));
  const medians = Object.fromEntries(
    names.map((name) => [name, pages.map((page, index) => (failed.has(`${page.name} (${name})`) ? null : median(runs[name][index])))]),
  ) as Record<PipelineName, Array<number | null>>;
  const perPage = pages.map((page, index) => ({ page: page.name, bytes: page.bytes.length, ...Object.fromEntries(names.map((name) => [name, medians[name][index]])) }));
  const times = Object.fromEntries(names.map((name) => [name, medians[name].filter((time): time is number => time !== null)])) as Record<PipelineName, number[]>;
  const summaries = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, summarize(values)]));
  const ratio = summaries.commonplace.total / summaries['readability+linkedom'].total;
  // Fixed costs per clip (the store's transaction above all) weigh most on the small pages that
  // make up the middle of the corpus, so the medians' ratio is reported beside the totals'.
  const medianRatio = summaries.commonplace.median / summaries['readability+linkedom'].median;
  // Each process's own ratio in total, for the spread the pooled figure leaves out.
  const ratioByProcess = processes.map((process) => {
    const total = (name: 'commonplace' | 'readability+linkedom') => sum(process.runs[name].filter((samples) => samples.length > 0).map(median));
    return total('commonplace') / total('readability+linkedom');
  });
  const runsPerPage = runs.commonplace[0]?.length ?? 0;
  const table = [
    `Clip CPU time per page, ${pages.length} pages of corpus/readability, median of each page's runs (ms): ${runsPerPage} runs in ${PROCESSES} processes for ours and bare linkedom, ${JSDOM_PASSES * RUNS_PER_JSDOM_PASS} for jsdom`,
    markdownTable(
      ['pipeline', 'median', 'p95', 'max', 'total'],
      Object.entries(summaries).map(([name, s]) => [name, s.median, s.p95, s.max, s.total]),
    ),
    `commonplace / readability+linkedom: ${ratio.toFixed(2)}× in total, ${medianRatio.toFixed(2)}× at the median page; in total in each process: ${ratioByProcess.map((value) => value.toFixed(2)).join(', ')}`,
    failures.length > 0 ? `Failures:\n${failures.map((f) => `  ${f.page}: ${f.error}`).join('\n')}` : 'Failures: none',
  ].join('\n');
  return {
    table,
    json: { suite: 'clip', pages: pages.length, processes: PROCESSES, runsPerPage, unit: 'cpu ms', summaries, ratioToLinkedom: ratio, medianRatioToLinkedom: medianRatio, ratioToLinkedomByProcess: ratioByProcess, failures, perPage },
  };
}
