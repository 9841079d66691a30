/**
 * The one place that decides where a notebook lives. Every entry point (CLI, browser-mode
 * host, Electron app) calls it, so they open the same notebook by default.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataDirSources {
  /** The --data flag, if given. */
  flag?: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  home?: string;
}

export const DATABASE_FILE = 'notebook.db';
/** Copies of the database, beside it (store/backups.ts). */
export const BACKUPS_DIR = 'backups';

export function resolveDataDir({ flag, env = process.env, platform = process.platform, home = homedir() }: DataDirSources = {}): string {
  if (flag) return resolve(flag);
  if (env.COMMONPLACE_DATA) return resolve(env.COMMONPLACE_DATA);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Commonplace');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Commonplace');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'commonplace');
}
