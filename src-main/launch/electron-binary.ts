/**
 * Finding Electron's binary, and fetching it on first launch. The electron package's own
 * install script downloads it; npm never runs that script on install here (package.json's
 * allowScripts), so `npm install` works offline and the download happens on `npm start`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronPackageDir(root: string): string {
  return join(root, 'node_modules', 'electron');
}

export function findElectronBinary(root: string): string | null {
  const dir = electronPackageDir(root);
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function electronVersion(root: string): string {
  return (JSON.parse(readFileSync(join(electronPackageDir(root), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs the electron package's download; resolves with the reason when it fails. */
export function fetchElectronBinary(root: string, timeoutMs = 180_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  const script = join(electronPackageDir(root), 'install.js');
  if (!existsSync(script)) return Promise.resolve({ ok: false, reason: 'the electron package is not installed' });
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { timeout: timeoutMs, cwd: root }, (error, _stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      const lastLine = `${stderr}`.trim().split('\n').find((line) => /Error|ENOTFOUND|ECONN|getaddrinfo/.test(line)) ?? error.message;
      resolve({ ok: false, reason: lastLine.trim().slice(0, 200) });
    });
  });
}
