import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { createInvokeHandler } from '../../src-main/app/invoke-handler';
import { CHOOSE_FOLDER_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/app/ipc-channels';
import { isTrustedSender } from '../../src-main/app/security';
import { eventNames, methodNames } from '../../src-main/common/contract';
import { fixtureBase64, openTempNotebook } from '../support/notebook';

describe('the IPC handler', () => {
  const notebook = openTempNotebook();
  afterAll(() => notebook.close());
  const handle = createInvokeHandler(notebook.service, (frame) => isTrustedSender(frame as { url: string; parent: unknown }));
  const appFrame = { url: 'commonplace://app/index.html', parent: null };

  it('answers the app’s own frame through the contract', async () => {
    const reply = await handle(appFrame, 'clipFile', { fileName: 'sample.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') });
    expect(reply).toMatchObject({ ok: true, result: { title: 'Russia’s Ally Belarus Draws Closer to Iran' } });
  });

  it('refuses any other frame before looking at the call', async () => {
    expect(await handle({ url: 'https://example.org/', parent: null }, 'listArticles', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handle({ url: 'commonplace://app/index.html', parent: appFrame }, 'listArticles', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('validates input and names the field', async () => {
    expect(await handle(appFrame, 'getArticle', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'id' } });
    expect(await handle(appFrame, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});

describe('the electron-vite build', () => {
  it('produced the main bundle package.json names and the preload it loads', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { main: string };
    const main = new URL(`../../${pkg.main}`, import.meta.url).pathname;
    expect(existsSync(main), `${main}: run npm run build:electron`).toBe(true);
    expect(readFileSync(main, 'utf8')).toContain('preload.cjs');
    expect(existsSync(new URL('../../out/renderer/index.html', import.meta.url))).toBe(true);
  });
});

describe('the built preload', () => {
  const PRELOAD = new URL('../../out/preload/preload.cjs', import.meta.url).pathname;

  /** Runs the real bundle with Electron's two preload modules replaced by recorders. */
  function loadPreload() {
    if (!existsSync(PRELOAD)) throw new Error(`${PRELOAD} is missing: run npm run build:electron (npm test does)`);
    const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const listeners: Array<(...args: unknown[]) => void> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, (...args: unknown[]) => unknown>) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, result: null });
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => channel === EVENT_CHANNEL && listeners.push(listener),
        off: () => undefined,
      },
    };
    const nodeRequire = createRequire(PRELOAD);
    const module = { exports: {} };
    runInNewContext(readFileSync(PRELOAD, 'utf8'), {
      require: (id: string) => (id === 'electron' ? electron : nodeRequire(id)),
      module,
      exports: module.exports,
      console,
    });
    return { exposed, invoked, listeners };
  }

  it('exposes only window.notebook, with invoke, subscribe and chooseFolder', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['notebook']);
    expect(Object.keys(exposed.notebook).sort()).toEqual(['chooseFolder', 'invoke', 'subscribe']);
  });

  it('asks main for a folder on its own channel, passing nothing on and only a path or null back', async () => {
    const { exposed, invoked } = loadPreload(); // the stub answers { ok: true, result: null }: not a path
    expect(await exposed.notebook.chooseFolder('/etc')).toBeNull();
    expect(invoked).toEqual([[CHOOSE_FOLDER_CHANNEL]]);
  });

  it('forwards exactly the contract’s methods, and refuses any other name', async () => {
    const { exposed, invoked } = loadPreload();
    const accepted: string[] = [];
    for (const name of [...methodNames, 'dropDatabase', '__proto__', 'constructor', 'toString', '']) {
      const outcome = await (exposed.notebook.invoke(name, {}) as Promise<unknown>).then(() => 'sent', () => 'refused');
      if (outcome === 'sent') accepted.push(name);
    }
    expect(accepted).toEqual(methodNames);
    expect(invoked.every(([channel]) => channel === INVOKE_CHANNEL)).toBe(true);
  });

  it('subscribes only to the contract’s events', () => {
    const { exposed, listeners } = loadPreload();
    let heard = 0;
    for (const event of eventNames) exposed.notebook.subscribe(event, () => heard++);
    expect(() => exposed.notebook.subscribe('anything', () => undefined)).toThrow(/Unknown event/);
    listeners.forEach((listener) => listener({}, eventNames[0]));
    expect(heard).toBe(1);
  });
});
