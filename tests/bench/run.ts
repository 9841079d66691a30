/**
 * `npm run bench`: runs each benchmark suite, prints its table and writes its JSON to
 * bench-results/. Figures are CPU time measured in this process, baselines in the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchoringBenchmark } from './anchoring';
import { clipBenchmark } from './clip';
import { extractionBenchmark } from './extraction';
import { metadataBenchmark } from './metadata';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'bench-results');
mkdirSync(outDir, { recursive: true });

const suites = [{ name: 'clip', run: clipBenchmark }, { name: 'metadata', run: metadataBenchmark }, { name: 'extraction', run: extractionBenchmark }, { name: 'anchoring', run: anchoringBenchmark }];
for (const suite of suites) {
  const { table, json } = await suite.run(root);
  console.log(table);
  const file = join(outDir, `${suite.name}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
}
