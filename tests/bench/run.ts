/**
 * `npm run bench`: runs each benchmark suite, prints its table and writes its JSON to
 * bench-results/. Figures are CPU time measured in this process, baselines in the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchoringBenchmark } from './anchoring';
import { clipBenchmark } from './clip';
import { exportBenchmark } from './export';
import { extractionBenchmark } from './extraction';
import { metadataBenchmark } from './metadata';
import { searchScaleBenchmark, searchScaleResultName } from './search-scale';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'bench-results');
mkdirSync(outDir, { recursive: true });

const suites = [
  { name: 'clip', run: clipBenchmark },
  { name: 'metadata', run: metadataBenchmark },
  { name: 'extraction', run: extractionBenchmark },
  { name: 'anchoring', run: anchoringBenchmark },
  { name: 'search', run: searchScaleBenchmark, file: searchScaleResultName() },
  { name: 'export', run: exportBenchmark },
];
// `npm run bench -- search` runs only the suites named; `--full` runs the search suite at full size.
const chosen = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const suite of suites.filter((suite) => chosen.length === 0 || chosen.includes(suite.name))) {
  const { table, json } = await suite.run(root);
  console.log(table);
  const file = join(outDir, `${suite.file ?? suite.name}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
}
