/**
 * Writes an export's files into the chosen folder without ever losing the user's work:
 * - a manifest (.commonplace-export.json) records each file Commonplace wrote and its hash;
 * - a file already as it would be written is left alone; one Commonplace wrote and nobody
 *   changed is replaced; one the user changed (or that Commonplace never wrote) is kept, and
 *   the new version is written beside it (".new.md") and reported;
 * - a file Commonplace wrote whose item is gone is removed, unless the user changed it;
 * - everything is written into a staging folder inside the target first, and moved into place
 *   only when all of it was written, so a failure (a full disk) changes no existing file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportResult, KeptFile } from '../common/export-model';
import type { VaultFiles } from './build-vault';
import { pathInside } from './file-names';

export const MANIFEST = '.commonplace-export.json';

interface Manifest {
  version: 1;
  /** Path (relative, with /) → sha256 of what Commonplace wrote there. */
  files: Record<string, string>;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The hash of what is on disk at `path`, null when nothing is; a folder counts as the user's. */
function hashOnDisk(path: string): string | null {
  if (!existsSync(path)) return null;
  return statSync(path).isFile() ? sha256(readFileSync(path)) : 'not a file';
}

function readManifest(root: string): Manifest['files'] {
  const path = join(root, MANIFEST);
  if (!existsSync(path)) return {};
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return manifest.version === 1 && typeof manifest.files === 'object' && manifest.files ? manifest.files : {};
  } catch {
    // A manifest that does not parse records nothing: every file there is treated as the user's.
    return {};
  }
}

/** Where the new version of a file the user changed goes: "x.md" → "x.new.md". */
export function besideName(path: string): string {
  return path.replace(/(\.[^./]+)?$/, (extension) => `.new${extension}`);
}

export function writeVault(folder: string, files: VaultFiles): ExportResult {
  mkdirSync(folder, { recursive: true });
  const previous = readManifest(folder);
  const next: Manifest['files'] = {};
  const toWrite = new Map<string, Buffer>();
  const kept: KeptFile[] = [];
  let unchanged = 0;

  const place = (path: string, content: Buffer, hash: string): 'unchanged' | 'written' | 'taken' => {
    const onDisk = hashOnDisk(pathInside(folder, path));
    if (onDisk === hash) return 'unchanged';
    if (onDisk === null || previous[path] === onDisk) {
      toWrite.set(path, content);
      return 'written';
    }
    return 'taken';
  };

  for (const [path, text] of files) {
    // Encoded once: hashed, compared and written as the same bytes.
    const content = typeof text === 'string' ? Buffer.from(text) : text;
    const hash = sha256(content);
    const outcome = place(path, content, hash);
    if (outcome !== 'taken') {
      next[path] = hash;
      if (outcome === 'unchanged') unchanged++;
      continue;
    }
    // Still Commonplace's file, changed by the user: remember it so the next export keeps it too.
    if (previous[path]) next[path] = previous[path];
    const newVersion = besideName(path);
    const besideOutcome = place(newVersion, content, hash);
    if (besideOutcome !== 'taken') next[newVersion] = hash;
    kept.push({ path, newVersion: besideOutcome === 'taken' ? null : newVersion });
  }

  const removed: string[] = [];
  for (const [path, hash] of Object.entries(previous)) {
    if (path in next) continue;
    const onDisk = hashOnDisk(pathInside(folder, path));
    if (onDisk === hash) removed.push(path);
    else if (onDisk !== null) kept.push({ path, newVersion: null });
  }

  commit(folder, toWrite, removed, { version: 1, files: sortedKeys(next) });
  return { folder, written: [...toWrite.keys()].sort(), unchanged, removed: removed.sort(), kept, files: files.size };
}

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Stages every file, then moves them into place, removes what went, and writes the manifest last. */
function commit(folder: string, toWrite: Map<string, Buffer>, removed: string[], manifest: Manifest): void {
  const staging = mkdtempSync(join(folder, '.commonplace-staging-'));
  try {
    for (const [path, content] of toWrite) {
      const staged = pathInside(staging, path);
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, content);
    }
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const path of toWrite.keys()) {
      const target = pathInside(folder, path);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(pathInside(staging, path), target);
    }
    for (const path of removed) unlinkSync(pathInside(folder, path));
    renameSync(join(staging, MANIFEST), join(folder, MANIFEST));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
