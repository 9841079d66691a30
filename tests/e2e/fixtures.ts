/**
 * Fixtures shared by the e2e tests:
 * - `app`: a real `commonplace serve` process on its own data dir (one per spec file), with a
 *   typed API client that calls its HTTP doors with the token;
 * - `page`: fails the test on any console error or uncaught page error.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodName, MethodResult, MethodInput } from '../../src-main/common/contract';
import { fixturePath, tempDir } from '../support/temp';

const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;
export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });

export interface App {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  /** Stops the server and starts it again on the same data dir and port, running `whileStopped` in between. */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
}

interface Served {
  process: ChildProcess;
  url: string;
}

export function serve(dataDir: string, port = 0): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`commonplace serve did not print its URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`commonplace serve exited with ${code}:\n${output}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A real `commonplace serve` on a fresh data dir, with a client for its API; close() removes it all. */
export async function startApp(prefix = 'commonplace-e2e-'): Promise<App & { close(): Promise<void> }> {
  const data = tempDir(prefix);
  let served = await serve(data.dir);
  const parsed = new URL(served.url);
  const token = parsed.hash.replace('#token=', '');
  return {
    url: served.url,
    origin: parsed.origin,
    token,
    dataDir: data.dir,
    async call(method, input) {
      const response = await fetch(`${parsed.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result;
    },
    async restart(whileStopped) {
      await stop(served.process);
      try {
        await whileStopped?.();
      } finally {
        served = await serve(data.dir, Number(parsed.port));
      }
    },
    async close() {
      await stop(served.process);
      data.cleanup();
    },
  };
}

interface FileNotebook {
  file: string;
  app: App & { close(): Promise<void> };
}

/**
 * Each spec file gets a fresh notebook, shared by its tests in order. A worker runs several
 * files, in an order that depends on timing; a notebook per worker let one file's clips and
 * highlights change what the next file found (the same article re-captured, not added).
 */
export const test = base.extend<{ consoleErrors: string[]; app: App }, { fileNotebook: { current: FileNotebook | null } }>({
  fileNotebook: [
    async ({}, use) => {
      const holder: { current: FileNotebook | null } = { current: null };
      await use(holder);
      await holder.current?.app.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ fileNotebook }, use, testInfo) => {
    if (fileNotebook.current?.file !== testInfo.file) {
      await fileNotebook.current?.app.close();
      fileNotebook.current = { file: testInfo.file, app: await startApp() };
    }
    await use(fileNotebook.current.app);
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };

/** Opens the app as a new browser would (with the printed URL), then the article's reader. */
export async function openReader(page: Page, app: App, id: string): Promise<string> {
  if (!page.url().startsWith(app.origin)) await page.goto(app.url);
  await page.goto(`${app.origin}/#/article/${id}`);
  const body = page.locator('[data-reader] .ProseMirror');
  await expect(body).toBeVisible();
  return page.locator('[data-reader]').evaluate((element) => (element as HTMLElement & { readerText: string }).readerText);
}

/** Clips a file from tests/fixtures through the app's API. */
export async function clipFixture(app: App, name: string): Promise<MethodResult<'clipFile'>> {
  return app.call('clipFile', { fileName: name.split('/').pop()!, contentBase64: readFileSync(fixturePath(name)).toString('base64') });
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * Selects, in the reader, from the start of `from` to the end of `to` (each inside one text
 * node, `to` searched after `from`), as a user dragging the mouse would.
 */
export async function selectText(page: Page, from: string, to: string = from): Promise<void> {
  await page.evaluate(([from, to]) => {
    const root = document.querySelector('[data-reader]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const startIndex = nodes.findIndex((node) => node.data.includes(from));
    if (startIndex < 0) throw new Error(`No text node holds "${from}"`);
    const startAt = nodes[startIndex].data.indexOf(from);
    const endIndex = nodes.findIndex((node, index) => index >= startIndex && node.data.indexOf(to, index === startIndex ? startAt : 0) >= 0);
    if (endIndex < 0) throw new Error(`No text node after "${from}" holds "${to}"`);
    const endAt = nodes[endIndex].data.indexOf(to, endIndex === startIndex ? startAt : 0) + to.length;
    const range = document.createRange();
    range.setStart(nodes[startIndex], startAt);
    range.setEnd(nodes[endIndex], endAt);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, [from, to]);
}

/** What a mouse selection ends with: the reader offers its toolbar on mouseup. */
export async function releaseMouse(page: Page): Promise<void> {
  await page.locator('[data-reader]').dispatchEvent('mouseup');
}
