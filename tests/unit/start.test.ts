import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { start, type StartSteps } from '../../src-main/launch/start';
import { tempDir } from '../support/temp';

function steps(overrides: Partial<StartSteps>, log: string[]): StartSteps {
  return {
    electron: async () => ({ ok: true, binary: '/opt/electron' }),
    sqliteBinding: async () => ({ ok: true, path: '/opt/better_sqlite3.node' }),
    build: async () => void log.push('build'),
    launchElectron: async (binary, binding, args) => (log.push(`electron ${binary} ${binding} ${args.join(' ')}`), 0),
    serveBrowser: async (args) => (log.push(`serve ${args.join(' ')}`), 0),
    say: (line) => log.push(`say ${line}`),
    ...overrides,
  };
}

describe('npm start', () => {
  it('builds and opens the desktop app when Electron and its SQLite build are there', async () => {
    const log: string[] = [];
    expect(await start(['--data', '/n'], steps({}, log))).toBe(0);
    expect(log).toEqual(['build', 'electron /opt/electron /opt/better_sqlite3.node --data /n']);
  });

  it('says why in one line and serves browser mode when Electron cannot be had', async () => {
    const log: string[] = [];
    await start(['--data', '/n'], steps({ electron: async () => ({ ok: false, reason: 'its binary could not be downloaded: ENOTFOUND' }) }, log));
    expect(log).toEqual([
      'say Electron cannot run here (its binary could not be downloaded: ENOTFOUND); running Commonplace in browser mode instead.',
      'serve --data /n',
    ]);
  });

  it('falls back the same way when SQLite cannot be built for Electron', async () => {
    const log: string[] = [];
    await start([], steps({ sqliteBinding: async () => ({ ok: false, reason: 'no headers' }) }, log));
    expect(log[0]).toMatch(/^say SQLite could not be built for Electron \(no headers\); running Commonplace in browser mode instead\.$/);
    expect(log[1]).toBe('serve ');
  });

  it('on this machine, with no Electron binary to be had, serves browser mode and prints the URL', async () => {
    const data = tempDir();
    const child = spawn(process.execPath, ['src-main/bin/start.mjs', '--data', data.dir, '--port', '0'], {
      cwd: new URL('../../', import.meta.url).pathname,
      // Skipping the download makes "the binary cannot be fetched" true wherever this runs.
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}\n${stderr}`)), 20_000);
      child.stdout.on('data', () => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Electron cannot run here \(.+\); running Commonplace in browser mode instead\.$/)]);
    const page = await fetch(url.replace(/#.*/, ''));
    expect(page.status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    data.cleanup();
  });
});
