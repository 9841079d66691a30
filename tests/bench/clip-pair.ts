/**
 * One process's share of the clip benchmark (clip.ts runs several and pools their runs): ours
 * and bare Readability+linkedom over every page of corpus/readability, each run's CPU time sent
 * to the parent. From the command line: node --expose-gc --import tsx tests/bench/clip-pair.ts ROOT
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { DEFAULT_DOWNLOAD_POLICY } from '../../src-main/clip/download-images';
import { clipAndKeep } from '../../src-main/clipping';
import { openNotebook } from '../../src-main/notebook';
import { tempDir } from '../support/temp';
import { loadPages, settle, type Page, type PairRuns } from './clip-pages';
import { collectGarbage, cpuMs } from './stats';

/**
 * Six passes over the pages run both pipelines on each page, first one and then the other,
 * each going first on every other page and pass. So a machine whose speed changes during the
 * run weighs on both alike, and neither is favoured by where it runs: a pipeline run twice in a
 * row on one page is 3% faster the second time, and a layout that did that for one of them
 * (ours, bare, bare, ours, as before) misread their ratio by as much.
 */
const PAIR = ['commonplace', 'readability+linkedom'] as const;
const PASSES = 6;

/** No image downloads: the benchmark measures the CPU work of a clip, not the network. */
const NO_DOWNLOADS = { ...DEFAULT_DOWNLOAD_POLICY, concurrency: 0 };

async function measurePair(root: string): Promise<PairRuns> {
  const pages = loadPages(root);
  const data = tempDir('commonplace-bench-');
  const notebook = openNotebook(data.dir);
  const now = () => new Date();
  const pipelines: Record<(typeof PAIR)[number], (page: Page) => unknown> = {
    // Every repetition stores a new capture, so storing is measured each time.
    commonplace: (page) =>
      clipAndKeep(notebook.db, { bytes: page.bytes, fetchedUrl: page.url, label: page.name }, { now, downloadPolicy: NO_DOWNLOADS, alwaysNewCapture: true }),
    'readability+linkedom': (page) => {
      const { document } = parseHTML(new TextDecoder().decode(page.bytes));
      Object.defineProperty(document, 'baseURI', { value: page.url });
      new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    },
  };
  const runs: PairRuns = { pages: pages.map((page) => page.name), runs: { commonplace: pages.map(() => []), 'readability+linkedom': pages.map(() => []) }, failures: [] };
  const failed = new Set<string>();
  const measure = async (name: (typeof PAIR)[number], index: number) => {
    const key = `${pages[index].name} (${name})`;
    if (failed.has(key)) return;
    try {
      runs.runs[name][index].push(await cpuMs(() => pipelines[name](pages[index])));
    } catch (error) {
      failed.add(key);
      runs.failures.push({ page: key, error: (error as Error).message });
    }
    await settle();
  };
  // Both run over every page unmeasured first: they share linkedom and Readability, so
  // whichever ran first would otherwise pay for compiling their code.
  for (const name of PAIR) {
    for (const page of pages) {
      await Promise.resolve(pipelines[name](page)).catch(() => undefined);
      await settle();
    }
  }
  collectGarbage();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const index of pages.keys()) {
      for (const name of (pass + index) % 2 === 0 ? PAIR : [...PAIR].reverse()) await measure(name, index);
    }
  }
  notebook.close();
  data.cleanup();
  return runs;
}

const runs = await measurePair(process.argv[2]);
process.send?.(runs);
