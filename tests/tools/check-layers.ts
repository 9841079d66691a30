/**
 * Fails when an import crosses a layer boundary:
 * - src-main/common imports nothing from Node, Electron or outside common (its tsconfig also
 *   has no Node or DOM types, so using their globals fails the type check);
 * - only src-main/app imports electron;
 * - the renderer imports nothing of src-main except common, and nothing that loads zod (the
 *   contract's schemas) when it runs, directly or through common: building them took about
 *   50 ms of the app's start-up on a first visit (see lib/api.ts). Types and import() are fine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]/g;

/** A static import that loads its module when run: not `import type`/`export type`, not `import()`. */
const TYPE_ONLY_OR_LAZY = /^[^\w.]?(?:(?:import|export)\s+type\s|import\s*\()/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs|svelte)$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string, keep: (statement: string) => boolean = () => true): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].filter((match) => keep(match[0])).map((match) => match[1] ?? match[2] ?? match[3]);
}

/** Where an import of common lands, without its extension; null for a package. */
function commonModule(specifier: string, from: string): string | null {
  const path = specifier.startsWith('@common/') ? join(root, 'src-main/common', specifier.slice('@common/'.length)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
  return path && isUnder(path, 'src-main/common') ? path.replace(/\.ts$/, '') : null;
}

const loadingZod = new Map<string, string | null>();

/** The chain by which running `specifier` (imported from `from`) loads zod, or null. */
function zodChain(specifier: string, from: string): string | null {
  if (specifier === 'zod' || specifier.startsWith('zod/')) return specifier;
  const module = commonModule(specifier, from);
  if (!module) return null;
  if (!loadingZod.has(module)) {
    loadingZod.set(module, null);
    const file = `${module}.ts`;
    const chain = importsOf(file, (statement) => !TYPE_ONLY_OR_LAZY.test(statement))
      .map((inner) => zodChain(inner, file))
      .find((found) => found !== null);
    loadingZod.set(module, chain ? `${relative(root, file)} → ${chain}` : null);
  }
  return loadingZod.get(module)!;
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
    if (isUnder(file, 'src-renderer') && !file.endsWith('vite.config.ts')) {
      for (const specifier of importsOf(file, (statement) => !TYPE_ONLY_OR_LAZY.test(statement))) {
        const chain = zodChain(specifier, file);
        if (chain) problems.push(`${where}: the renderer would load zod (${chain}); import types only, or import() it where it is needed`);
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
