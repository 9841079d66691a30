/**
 * better-sqlite3 for Electron's ABI, beside Node's. Tests and the CLI load the build in
 * node_modules/better-sqlite3 (Node's ABI); the desktop app loads a second build, made by
 * @electron/rebuild from a copy of the package, through better-sqlite3's nativeBinding option.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBindingPath(root: string, version: string, arch = process.arch): string {
  return join(root, 'node_modules', '.commonplace-electron', `electron-${version}-${process.platform}-${arch}`, 'better_sqlite3.node');
}

/** Builds the Electron binding if it is missing (needs Electron's headers: a download the first time). */
export async function ensureElectronBinding(root: string, version: string): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const target = electronBindingPath(root, version);
  if (existsSync(target)) return { ok: true, path: target };
  const staging = join(root, 'node_modules', '.commonplace-electron', `staging-${version}`);
  try {
    rmSync(staging, { recursive: true, force: true });
    const moduleDir = join(staging, 'node_modules', 'better-sqlite3');
    cpSync(join(root, 'node_modules', 'better-sqlite3'), moduleDir, {
      recursive: true,
      filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`),
    });
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'commonplace-electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: staging, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), target);
    return { ok: true, path: target };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0].slice(0, 200) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
