/**
 * Which folder a path names, so two exports into one folder are told apart from exports into
 * two: symlinks followed, and on the systems whose file names ignore case by default (macOS,
 * Windows), case ignored. A folder that does not exist yet is named from its nearest existing
 * parent.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export function folderIdentity(folder: string): string {
  let existing = resolve(folder);
  const missing: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  const path = join(realpathSync.native(existing), ...missing);
  return process.platform === 'darwin' || process.platform === 'win32' ? path.toLowerCase() : path;
}
