/**
 * Fails when an import crosses a layer boundary:
 * - src-main/common imports nothing from Node, Electron or outside common (its tsconfig also
 *   has no Node or DOM types, so using their globals fails the type check);
 * - only src-main/app imports electron;
 * - the renderer imports nothing of src-main except common, and zod and the contract's schemas
 *   only as types: building them is most of the app's start-up on a first visit (see lib/api.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]/g;

/** An `import … from` of zod or the contract that is not `import type`. */
const SCHEMA_VALUE_IMPORT = /(?:^|[^\w.])import\s+(?!type\s)[^'"`;]*?from\s*['"](zod(?:\/[\w-]+)?|@common\/contract)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs|svelte)$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3]);
}

function isUnder(path: string, dir: string): boolean {
  const rel = relative(join(root, dir), path);
  return !rel.startsWith('..') && !rel.startsWith('/');
}

export function layerViolations(): string[] {
  const problems: string[] = [];
  const files = [...sourceFiles(join(root, 'src-main')), ...sourceFiles(join(root, 'src-renderer'))];
  for (const file of files) {
    const where = relative(root, file);
    if (isUnder(file, 'src-renderer')) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SCHEMA_VALUE_IMPORT)) {
        problems.push(`${where}: the renderer imports ${specifier} as a value; import its types only`);
      }
    }
    for (const specifier of importsOf(file)) {
      const resolved = specifier.startsWith('.') ? resolve(dirname(file), specifier) : undefined;
      if (specifier === 'electron' && !isUnder(file, 'src-main/app')) {
        problems.push(`${where}: only src-main/app may import electron`);
      }
      if (isUnder(file, 'src-main/common')) {
        if (nodeBuiltins.has(specifier)) problems.push(`${where}: common imports Node's ${specifier}`);
        if (resolved && !isUnder(resolved, 'src-main/common')) problems.push(`${where}: common imports ${specifier}, outside common`);
      }
      if (isUnder(file, 'src-renderer')) {
        if (nodeBuiltins.has(specifier) && !file.endsWith('vite.config.ts')) problems.push(`${where}: the renderer imports Node's ${specifier}`);
        if (resolved && isUnder(resolved, 'src-main') && !isUnder(resolved, 'src-main/common')) {
          problems.push(`${where}: the renderer imports ${specifier}; it may import only src-main/common`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = layerViolations();
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? 'Layers: every import stays in its layer.' : `Layers: ${problems.length} violation(s).`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
