/**
 * Extraction quality over ../shared/corpus/aeb (the Zyte article-extraction benchmark): the
 * text our pipeline stores, against bare Readability's textContent on linkedom, both scored
 * by the benchmark's own evaluate.py against the human-marked article bodies.
 */
import { Readability } from '@mozilla/readability';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { clipPage } from '../../src-main/clip/clip-page';
import { decodeHtml } from '../../src-main/clip/decode';
import { setDocumentUrl } from '../../src-main/clip/extract';
import { tempDir } from '../support/temp';
import { corpusDir } from './clip';
import { cpuMs, markdownTable } from './stats';

/** Enough bootstrap samples for a ± figure without making the run slow. */
const BOOTSTRAP_SAMPLES = 200;

interface GroundTruth {
  url: string;
  articleBody: string;
}

interface Page {
  id: string;
  url: string;
  bytes: Uint8Array;
}

type Extractor = (page: Page) => string | Promise<string>;

interface Scores {
  f1: number;
  f1Std: number;
  precision: number;
  precisionStd: number;
  recall: number;
  recallStd: number;
  accuracy: number;
  accuracyStd: number;
}

const extractors: Record<string, Extractor> = {
  commonplace: (page) => clipPage({ bytes: page.bytes, fetchedUrl: page.url, label: page.id }).text,
  readability: (page) => {
    // Decoded the same way as ours, so only extraction differs.
    const html = decodeHtml(page.bytes);
    const { document } = parseHTML(html);
    setDocumentUrl(document, page.url, html);
    return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? '';
  },
};

function loadPages(dir: string, groundTruth: Record<string, GroundTruth>): Page[] {
  return Object.entries(groundTruth).map(([id, truth]) => ({
    id,
    url: truth.url,
    bytes: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))),
  }));
}

/** evaluate.py's table: `name [version] f1 ± std  precision ± std  recall ± std  accuracy ± std`. */
export function parseScores(printed: string): Record<string, Scores> {
  const scores: Record<string, Scores> = {};
  const figure = String.raw`([\d.]+) ± ([\d.]+)`;
  const row = new RegExp(String.raw`^(\S+)\s+(?:\S+\s+)?${figure}\s+${figure}\s+${figure}\s+${figure}\s*$`);
  for (const line of printed.split('\n')) {
    const match = row.exec(line);
    if (!match) continue;
    const [f1, f1Std, precision, precisionStd, recall, recallStd, accuracy, accuracyStd] = match.slice(2).map(Number);
    scores[match[1]] = { f1, f1Std, precision, precisionStd, recall, recallStd, accuracy, accuracyStd };
  }
  return scores;
}

/** Runs the benchmark's scorer in a scratch copy: the shared corpus folder is read-only. */
function score(dir: string, outputs: Record<string, Record<string, { articleBody: string }>>): { printed: string; scores: Record<string, Scores> } {
  const scratch = tempDir('commonplace-aeb-');
  try {
    for (const file of ['evaluate.py', 'ground-truth.json']) copyFileSync(join(dir, file), join(scratch.dir, file));
    mkdirSync(join(scratch.dir, 'output'));
    for (const [name, output] of Object.entries(outputs)) {
      writeFileSync(join(scratch.dir, 'output', `${name}.json`), JSON.stringify(output));
    }
    const printed = execFileSync('python3', ['evaluate.py', '--n-bootstrap', String(BOOTSTRAP_SAMPLES)], { cwd: scratch.dir, encoding: 'utf8' });
    return { printed, scores: parseScores(printed) };
  } finally {
    scratch.cleanup();
  }
}

export async function extractionBenchmark(root: string) {
  const dir = corpusDir(root, 'aeb');
  const groundTruth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, GroundTruth>;
  const pages = loadPages(dir, groundTruth);

  const outputs: Record<string, Record<string, { articleBody: string }>> = {};
  const cpu: Record<string, number> = {};
  const failures: Array<{ page: string; pipeline: string; error: string }> = [];
  for (const [name, extract] of Object.entries(extractors)) {
    outputs[name] = {};
    cpu[name] = 0;
    for (const page of pages) {
      let articleBody = '';
      cpu[name] += await cpuMs(async () => {
        try {
          articleBody = await extract(page);
        } catch (error) {
          // A rejected page scores as an empty article, as the benchmark expects.
          failures.push({ page: page.id, pipeline: name, error: (error as Error).message });
        }
      });
      outputs[name][page.id] = { articleBody };
    }
  }

  const { printed, scores } = score(dir, outputs);
  const names = Object.keys(extractors);
  const missing = names.filter((name) => !scores[name]);
  if (missing.length > 0) throw new Error(`evaluate.py printed no scores for ${missing.join(', ')}:\n${printed}`);
  const table = [
    `Article extraction on corpus/aeb, ${pages.length} pages, scored by its evaluate.py (± bootstrap std, ${BOOTSTRAP_SAMPLES} samples)`,
    markdownTable(
      ['pipeline', 'F1', 'precision', 'recall', 'accuracy', 'cpu ms'],
      names.map((name) => {
        const s = scores[name];
        return [name, `${s.f1.toFixed(3)} ± ${s.f1Std.toFixed(3)}`, `${s.precision.toFixed(3)} ± ${s.precisionStd.toFixed(3)}`,
          `${s.recall.toFixed(3)} ± ${s.recallStd.toFixed(3)}`, `${s.accuracy.toFixed(3)} ± ${s.accuracyStd.toFixed(3)}`, cpu[name]];
      }),
    ),
    failures.length > 0 ? `Rejected (scored as empty):\n${failures.map((f) => `  ${f.page} (${f.pipeline}): ${f.error}`).join('\n')}` : 'Rejected: none',
  ].join('\n');
  return { table, json: { suite: 'extraction', pages: pages.length, bootstrapSamples: BOOTSTRAP_SAMPLES, scores, cpuMs: cpu, failures } };
}
