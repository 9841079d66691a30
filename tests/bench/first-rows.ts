/**
 * The library's first rows and its scrolling, on a real library: `commonplace serve` on an
 * existing data directory, Debian's Chromium through Playwright, the built renderer
 * (`npm run build:renderer` first).
 *
 * - First rows: from navigation start (performance.now() of the new document) to the first
 *   library row with a title painted, over `reloads` reloads: the frame that shows it
 *   (requestAnimationFrame, then a message so the frame has been committed), and Chromium's
 *   own paint time for it (Element Timing on the row titles). The first load is reported
 *   apart (nothing cached in the browser or SQLite's page cache yet).
 * - Jumps: scrollTo the middle, the end, a quarter, three quarters, then back to the top;
 *   the time until every row on screen shows its article (their page asked for and painted).
 * - Fling: scrolling 1,200 px a frame for 90 frames, as a fast drag would; frame intervals,
 *   frames over 50 ms, and the frames that showed a placeholder row on screen.
 *
 * It opens the directory as it is, and the app may migrate and write to it: pass a copy.
 * From the command line: node --import tsx tests/bench/first-rows.ts DATA_DIR [RELOADS]
 */
import { chromium, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markdownTable, summarize } from './stats';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../src-main/bin/commonplace.mjs', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface FirstRowsOptions {
  reloads?: number;
  executablePath?: string;
}

interface Served {
  child: ChildProcess;
  url: string;
}

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`commonplace serve did not print its URL:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`commonplace serve exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs in every new document before the app: notes when the first row is shown and painted. */
function watchFirstRows(): void {
  const bench: { inDocument?: number; frame?: number; painted?: number; element?: number; fcp?: number } = {};
  (window as unknown as { __firstRows: typeof bench }).__firstRows = bench;
  const observer = new MutationObserver(() => {
    if (!document.querySelector('.article-row .article-title')) return;
    observer.disconnect();
    bench.inDocument = performance.now();
    requestAnimationFrame(() => {
      bench.frame = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (bench.painted = performance.now());
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { renderTime?: number }>) {
      if (bench.element === undefined && entry.renderTime) bench.element = entry.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') bench.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
}

interface FirstRows {
  painted: number;
  frame: number;
  element: number | null;
  fcp: number | null;
  /** Where the time went, each from navigation start. */
  phases: { html: number; scriptsRun: number; pageAsked: number | null; pageArrived: number | null; inDocument: number };
}

async function firstRows(page: Page): Promise<FirstRows> {
  // A function, not source text: the app's CSP refuses eval.
  await page.waitForFunction(() => (window as unknown as { __firstRows?: { painted?: number } }).__firstRows?.painted !== undefined, undefined, { timeout: 60_000 });
  // Element Timing reports a moment later.
  await page.waitForTimeout(50);
  return page.evaluate(`(() => {
    const bench = window.__firstRows;
    const navigation = performance.getEntriesByType('navigation')[0];
    const page = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/api/listArticles'));
    return {
      painted: bench.painted, frame: bench.frame, element: bench.element ?? null, fcp: bench.fcp ?? null,
      phases: {
        html: navigation.responseEnd, scriptsRun: navigation.domContentLoadedEventEnd,
        pageAsked: page ? page.startTime : null, pageArrived: page ? page.responseEnd : null, inDocument: bench.inDocument,
      },
    };
  })()`);
}

/**
 * The floor: the same page as the app drew it (its HTML and CSS, taken from the document
 * once the rows are in), served as a static page with no script and no API call.
 */
async function staticFloor(page: Page, origin: string, runs: number): Promise<FirstRows[]> {
  const html = (await page.evaluate('document.documentElement.outerHTML') as string)
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  await page.route(`${origin}/first-rows-floor.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>${html}` }));
  const results: FirstRows[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${origin}/first-rows-floor.html`);
    results.push(await firstRows(page));
  }
  await page.unroute(`${origin}/first-rows-floor.html`);
  return results;
}

/**
 * In-page helpers, as source text: a function handed to page.evaluate would carry the
 * helpers tsx compiles into it (__name), which the page does not have.
 *
 * jump(fraction): scrolls to a fraction of the list, resolves with the milliseconds until
 * every row on screen shows its article and the frame is committed.
 * fling(pixels, frames): scrolls `pixels` a frame for `frames` frames; the frame intervals
 * and how many frames showed a placeholder row on screen.
 */
const PAGE_HELPERS = `
window.__scroll = {
  onScreen(selector) {
    return [...document.querySelectorAll(selector)].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    });
  },
  jump(fraction) {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      window.scrollTo(0, fraction * (document.documentElement.scrollHeight - window.innerHeight));
      const poll = () => {
        const rows = window.__scroll.onScreen('.article-list > li');
        if (rows.length > 0 && rows.every((row) => row.dataset.articleId)) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - started);
          channel.port2.postMessage(0);
        } else if (performance.now() - started > 30000) {
          reject(new Error('rows at ' + fraction + ' never arrived'));
        } else {
          requestAnimationFrame(poll);
        }
      };
      requestAnimationFrame(poll);
    });
  },
  fling(pixels, frames) {
    return new Promise((resolve) => {
      const intervals = [];
      let placeholderFrames = 0;
      let last = -1;
      let frame = 0;
      const step = (now) => {
        if (last >= 0) intervals.push(now - last);
        last = now;
        if (window.__scroll.onScreen('.article-list > li.loading').length > 0) placeholderFrames++;
        if (frame++ < frames) {
          window.scrollBy(0, pixels);
          requestAnimationFrame(step);
        } else {
          resolve({ intervals, placeholderFrames, frames });
        }
      };
      requestAnimationFrame(step);
    });
  },
};
`;

function jump(page: Page, fraction: number): Promise<number> {
  return page.evaluate(`window.__scroll.jump(${fraction})`);
}

interface Fling {
  intervals: number[];
  placeholderFrames: number;
  frames: number;
}

function fling(page: Page, pixelsPerFrame: number, frames: number): Promise<Fling> {
  return page.evaluate(`window.__scroll.fling(${pixelsPerFrame}, ${frames})`);
}

/**
 * Waits until the host answers at once: a notebook may have work to do after it opens (a
 * search index to build), which is not what this benchmark measures. Returns how long it took.
 */
async function untilIdle(url: string, limitMs = 15 * 60_000): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 5) {
    if (performance.now() - started > limitMs) throw new Error(`The host was still busy after ${limitMs / 1000} s.`);
    const asked = performance.now();
    // A request that waits behind a long step of that work may be dropped: ask again.
    const answered = await fetch(url, { signal: AbortSignal.timeout(120_000) })
      .then((response) => response.arrayBuffer())
      .then(() => true, () => false);
    quick = answered && performance.now() - asked < 50 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, quick > 0 ? 20 : 500));
  }
  return performance.now() - started;
}

const round = (value: number | null) => (value === null || Number.isNaN(value) ? null : Math.round(value * 10) / 10);

export async function firstRowsBenchmark(dataDir: string, options: FirstRowsOptions = {}): Promise<{ table: string; json: unknown }> {
  const reloads = options.reloads ?? 10;
  if (!existsSync(`${ROOT}dist/renderer/index.html`)) throw new Error('The renderer is not built: run `npm run build:renderer` first.');
  const started = performance.now();
  const served = await serve(dataDir);
  const serveMs = performance.now() - started;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const busyMs = await untilIdle(new URL('/', served.url).href);
    browser = await chromium.launch({ executablePath: options.executablePath ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addInitScript(watchFirstRows);
    await context.addInitScript({ content: PAGE_HELPERS });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const requests: Array<{ method: string; input: unknown; at: number }> = [];
    let navigatedAt = 0;
    page.on('request', (request) => {
      const method = /\/api\/(\w+)$/.exec(request.url())?.[1];
      if (method) requests.push({ method, input: request.postDataJSON(), at: Date.now() - navigatedAt });
    });

    // The first visit: the token goes from the address into the browser's storage.
    navigatedAt = Date.now();
    await page.goto(served.url);
    const cold = await firstRows(page);
    const firstVisitRequests = requests.splice(0);
    const size = await page.locator('.library-count').textContent();

    const warm: FirstRows[] = [];
    requests.length = 0;
    for (let i = 0; i < reloads; i++) {
      navigatedAt = Date.now();
      await page.reload();
      warm.push(await firstRows(page));
    }
    const reloadRequests = requests.filter((request) => request.method === 'listArticles' || request.method === 'countArticles');
    await page.waitForTimeout(300);
    const renderedRows = await page.locator('.article-list > li').count();
    const origin = new URL(served.url).origin;
    const floor = await staticFloor(page, origin, reloads);
    await page.goto(`${origin}/#/`);
    await firstRows(page);

    // Jumps far into the list: pages never asked for before, then the top again (kept).
    const jumps: Record<string, number[]> = { middle: [], end: [], quarter: [], 'three quarters': [], 'back to top': [] };
    const rounds = Math.max(3, Math.min(reloads, 10));
    for (let i = 0; i < rounds; i++) {
      await page.reload();
      await firstRows(page);
      await page.waitForTimeout(100);
      jumps.middle.push(await jump(page, 0.5));
      jumps.end.push(await jump(page, 1));
      jumps.quarter.push(await jump(page, 0.25 + i * 0.01));
      jumps['three quarters'].push(await jump(page, 0.75 - i * 0.01));
      jumps['back to top'].push(await jump(page, 0));
    }

    await page.reload();
    await firstRows(page);
    await page.waitForTimeout(200);
    const flung = await fling(page, 1200, 90);
    await page.waitForTimeout(500);
    const slowScroll = await fling(page, 60, 120);
    await context.close();

    const phase = (runs: FirstRows[], pick: (run: FirstRows) => number | null) => summarize(runs.flatMap((run) => (pick(run) === null ? [] : [pick(run)!])));
    const phases = {
      html: phase(warm, (run) => run.phases.html),
      scriptsRun: phase(warm, (run) => run.phases.scriptsRun),
      pageAsked: phase(warm, (run) => run.phases.pageAsked),
      pageArrived: phase(warm, (run) => run.phases.pageArrived),
      inDocument: phase(warm, (run) => run.phases.inDocument),
    };
    const floorPainted = phase(floor, (run) => run.painted);
    const floorElement = phase(floor, (run) => run.element);
    const painted = summarize(warm.map((run) => run.painted));
    const element = summarize(warm.flatMap((run) => (run.element === null ? [] : [run.element])));
    const frame = summarize(warm.map((run) => run.frame));
    const fcp = summarize(warm.flatMap((run) => (run.fcp === null ? [] : [run.fcp])));
    const jumpSummaries = Object.fromEntries(Object.entries(jumps).map(([name, times]) => [name, summarize(times)]));
    const flingFrames = summarize(flung.intervals);
    const slowFrames = summarize(slowScroll.intervals);

    const rows: Array<Array<string | number>> = [
      ['first rows painted (navigation → frame committed)', painted.median, painted.p95, painted.max],
      ['first rows, Element Timing renderTime', element.median, element.p95, element.max],
      ['first rows, frame start (rAF)', frame.median, frame.p95, frame.max],
      ['first contentful paint (the app shell)', fcp.median, fcp.p95, fcp.max],
      ['  phase: HTML received', phases.html.median, phases.html.p95, phases.html.max],
      ['  phase: scripts run (DOMContentLoaded end)', phases.scriptsRun.median, phases.scriptsRun.p95, phases.scriptsRun.max],
      ['  phase: first page asked (listArticles sent)', phases.pageAsked.median, phases.pageAsked.p95, phases.pageAsked.max],
      ['  phase: first page arrived', phases.pageArrived.median, phases.pageArrived.p95, phases.pageArrived.max],
      ['  phase: first row in the document', phases.inDocument.median, phases.inDocument.p95, phases.inDocument.max],
      ['floor: same page, static, no script: painted', floorPainted.median, floorPainted.p95, floorPainted.max],
      ['floor: same page, static: Element Timing', floorElement.median, floorElement.p95, floorElement.max],
      ...Object.entries(jumpSummaries).map(([name, summary]) => [`jump to ${name}: rows on screen painted`, summary.median, summary.p95, summary.max]),
      [`fling 1,200 px/frame × ${flung.frames}: frame interval`, flingFrames.median, flingFrames.p95, flingFrames.max],
      [`scroll 60 px/frame × ${slowScroll.frames}: frame interval`, slowFrames.median, slowFrames.p95, slowFrames.max],
    ];
    const table = [
      `First rows and scrolling: ${size} in ${dataDir}; ${reloads} reloads, ${rounds} rounds of jumps`,
      `First visit (cold): rows painted at ${round(cold.painted)} ms; Element Timing ${round(cold.element)} ms. Host up in ${Math.round(serveMs)} ms, then busy with its own work for ${Math.round(busyMs / 1000)} s (waited out).`,
      `Requests on a reload: ${reloadRequests.length / reloads} (${[...new Set(reloadRequests.map((request) => `${request.method} ${JSON.stringify(request.input)}`))].join('; ')}). Rows in the document: ${renderedRows}.`,
      `Fling: ${flung.placeholderFrames} of ${flung.frames} frames showed a placeholder row; ${flung.intervals.filter((ms) => ms > 50).length} frames over 50 ms. Slow scroll: ${slowScroll.placeholderFrames} placeholder frames, ${slowScroll.intervals.filter((ms) => ms > 50).length} frames over 50 ms.`,
      '',
      markdownTable(['measure (ms)', 'median', 'p95', 'max'], rows),
      ...(errors.length > 0 ? ['', `Page errors: ${errors.join('; ')}`] : []),
    ].join('\n');
    const json = {
      dataDir,
      size,
      reloads,
      rounds,
      serveMs: round(serveMs),
    busyAfterOpenMs: round(busyMs),
      cold,
      firstVisitRequests: firstVisitRequests.map(({ method, input }) => ({ method, input })),
      firstRows: { painted, element, frame, fcp, phases, runs: warm },
      staticFloor: { painted: floorPainted, element: floorElement },
      renderedRows,
      jumps: Object.fromEntries(Object.entries(jumps).map(([name, times]) => [name, { ...jumpSummaries[name], runs: times.map(round) }])),
      fling: { pixelsPerFrame: 1200, frames: flung.frames, placeholderFrames: flung.placeholderFrames, interval: flingFrames, over50ms: flung.intervals.filter((ms) => ms > 50).length },
      slowScroll: { pixelsPerFrame: 60, frames: slowScroll.frames, placeholderFrames: slowScroll.placeholderFrames, interval: slowFrames, over50ms: slowScroll.intervals.filter((ms) => ms > 50).length },
      errors,
    };
    return { table, json };
  } finally {
    await browser?.close();
    await stop(served.child);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataDir, reloads] = process.argv.slice(2);
  if (!dataDir) {
    console.error('Usage: node --import tsx tests/bench/first-rows.ts DATA_DIR [RELOADS]   (pass a copy: the app may migrate it)');
    process.exit(2);
  }
  const { table, json } = await firstRowsBenchmark(dataDir, { reloads: reloads ? Number(reloads) : undefined });
  console.log(table);
  if (process.env.FIRST_ROWS_JSON) (await import('node:fs')).writeFileSync(process.env.FIRST_ROWS_JSON, `${JSON.stringify(json, null, 2)}\n`);
}
