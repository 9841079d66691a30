/**
 * `npm start`: the desktop app where Electron can run, browser mode where it cannot, and
 * always one clear line saying which and why. Never silent.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, fetchElectronBinary, findElectronBinary } from './electron-binary';
import { ensureElectronBinding } from './electron-sqlite';

export interface StartSteps {
  /** The Electron binary's path, fetching it if needed, or why there is none. */
  electron(): Promise<{ ok: true; binary: string } | { ok: false; reason: string }>;
  /** better-sqlite3 built for Electron, or why it could not be built. */
  sqliteBinding(): Promise<{ ok: true; path: string } | { ok: false; reason: string }>;
  build(): Promise<void>;
  launchElectron(binary: string, binding: string, args: string[]): Promise<number>;
  serveBrowser(args: string[]): Promise<number>;
  say(line: string): void;
}

export async function start(args: string[], steps: StartSteps): Promise<number> {
  const electron = await steps.electron();
  if (!electron.ok) return fallBack(`Electron cannot run here (${electron.reason})`, args, steps);
  const binding = await steps.sqliteBinding();
  if (!binding.ok) return fallBack(`SQLite could not be built for Electron (${binding.reason})`, args, steps);
  await steps.build();
  return steps.launchElectron(electron.binary, binding.path, args);
}

function fallBack(why: string, args: string[], steps: StartSteps): Promise<number> {
  steps.say(`${why}; running Commonplace in browser mode instead.`);
  return steps.serveBrowser(args);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The real steps, on this checkout. */
export const realSteps: StartSteps = {
  async electron() {
    const found = findElectronBinary(ROOT);
    if (found) return { ok: true, binary: found };
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { ok: false, reason: 'its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
    const fetched = await fetchElectronBinary(ROOT);
    const binary = fetched.ok ? findElectronBinary(ROOT) : null;
    if (binary) return { ok: true, binary };
    return { ok: false, reason: fetched.ok ? 'its binary is missing after the download' : `its binary could not be downloaded: ${fetched.reason}` };
  },
  sqliteBinding: () => ensureElectronBinding(ROOT, electronVersion(ROOT)),
  async build() {
    const code = await run(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '-c', 'electron.config.ts']);
    if (code !== 0) throw new Error(`electron-vite build failed (exit ${code})`);
  },
  launchElectron: (binary, binding, args) => run(binary, [ROOT, ...args], { ...process.env, COMMONPLACE_SQLITE_BINDING: binding }),
  async serveBrowser(args) {
    const { main } = await import('../cli/main');
    return main(['serve', ...args]);
  },
  say: (line) => process.stderr.write(`${line}\n`),
};
