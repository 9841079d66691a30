/**
 * The hostile-page corpus (tests/hostile/) through the whole app, family by family. First the
 * control: each page, opened unsanitised in Chromium, shows its payload acting. Then each is
 * clipped through the real pipeline, read, highlighted across its payload, quoted into a note,
 * found in the palette and exported, and none may act: no sentinel, no dialog, no navigation,
 * no window, no request to anyone but the app, no eval'd or blocked content reaching the CSP,
 * and nothing in the exported Markdown that could run.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PayloadCase } from '../hostile/case';
import { fragmentPage, PAYLOAD_CASES, payloadContext, payloadPage } from '../hostile/corpus';
import { activeMarkdown } from '../hostile/exported-markdown';
import { pwnedCases, probeHolds, SENTINEL_SCRIPT } from '../hostile/sentinel';
import { startSink, type Sink } from '../hostile/sink';
import { startPageServer, type Route, type PageServer } from '../support/page-server';
import { tempDir } from '../support/temp';
import { expect, openReader, screenshotPath, selectText, startApp, test, type App } from './fixtures';

const FAMILIES = [...new Set(PAYLOAD_CASES.map((testCase) => testCase.family))];

test.describe.configure({ mode: 'parallel' });

let sink: Sink;
let site: PageServer;

test.beforeAll(async () => {
  sink = await startSink();
  const routes: Record<string, Route> = {};
  for (const testCase of PAYLOAD_CASES) {
    const context = payloadContext(testCase, sink.origin);
    routes[`/case/${testCase.id}`] = { body: payloadPage(testCase, context) };
    const fragment = fragmentPage(testCase, context);
    if (fragment) routes[`/control/${testCase.id}`] = { body: fragment };
  }
  site = await startPageServer(routes);
});

test.afterAll(async () => {
  await site.close();
  await sink.close();
});

test('the corpus has at least 150 cases, at least 8 in each of the 17 families', () => {
  expect(PAYLOAD_CASES.length).toBeGreaterThanOrEqual(150);
  expect(FAMILIES).toHaveLength(17);
  for (const family of FAMILIES) expect(PAYLOAD_CASES.filter((testCase) => testCase.family === family).length, family).toBeGreaterThanOrEqual(8);
  expect(new Set(PAYLOAD_CASES.map((testCase) => testCase.id)).size).toBe(PAYLOAD_CASES.length);
});

/**
 * Whether the case's payload acted in the page: it ran (`pwn`), reached the sink, clobbered
 * the document, or made the browser follow a script address carrying it (Chromium follows a
 * vbscript: link, and has no VBScript to run it: the link was live all the same).
 */
async function hasActed(page: Page, testCase: PayloadCase, followed: string[]): Promise<boolean> {
  if (sink.hits().includes(testCase.id)) return true;
  if (followed.some((url) => /^vbscript:/i.test(url) && url.includes(testCase.id))) return true;
  if ((await pwnedCases(page)).includes(testCase.id)) return true;
  return testCase.probe ? probeHolds(page, testCase.probe) : false;
}

for (const family of FAMILIES) {
  const cases = PAYLOAD_CASES.filter((testCase) => testCase.family === family);

  test(`control — ${family}: every payload acts when its page is opened unsanitised`, async ({ context }) => {
    test.setTimeout(180_000);
    await context.addInitScript(SENTINEL_SCRIPT);
    context.on('page', (opened) => opened.on('dialog', (dialog) => void dialog.dismiss()));
    const inert: string[] = [];
    for (const testCase of cases) {
      sink.reset();
      // A page of its own: a payload that navigates late must not land in the next case.
      const page = await context.newPage();
      const followed: string[] = [];
      page.on('request', (request) => followed.push(request.url()));
      // A page that redirects itself interrupts its own load: that is the payload acting.
      await page.goto(site.url(`/${testCase.fragment ? 'control' : 'case'}/${testCase.id}`)).catch(() => undefined);
      if (testCase.clicked) await page.locator('#trigger').click({ timeout: 5000 });
      const acted = await expect
        .poll(() => hasActed(page, testCase, followed), { timeout: 5000 })
        .toBe(true)
        .then(() => true, () => false);
      if (!acted) inert.push(testCase.id);
      // Pages stay open until the test ends: Chromium can crash closing one mid-navigation.
    }
    expect(inert, 'payloads that did nothing even unsanitised').toEqual([]);
  });

  test(`in the app — ${family}: clipped, read, highlighted, quoted, searched and exported, none acts`, async ({ page, context }) => {
    test.setTimeout(240_000);
    const app = await startApp('commonplace-hostile-');
    const vault = tempDir('commonplace-hostile-vault-');
    try {
      const articleIds = new Map<string, string>();
      for (const testCase of cases) {
        const article = await app.call('clipUrl', { url: site.url(`/case/${testCase.id}`) });
        articleIds.set(testCase.id, article.id);
      }
      // Clipping fetches the page's images from wherever they are; from here on, nothing may.
      sink.reset();
      const watch = watchApp(page, context, app);
      await context.addInitScript(SENTINEL_SCRIPT);
      await page.goto(app.url);
      await expect(page.getByText(`${cases.length} articles`)).toBeVisible();

      for (const testCase of cases) {
        const articleId = articleIds.get(testCase.id)!;
        const text = await openReader(page, app, articleId);
        expect(text, testCase.id).toContain(testCase.word);
        const reader = page.locator('[data-reader]');
        expect(await activeReaderParts(reader), testCase.id).toEqual([]);
        await clickTrigger(reader, testCase);

        // Across the payload where the text after it survived (see the README on <noscript>).
        await selectText(page, `${testCase.word} is the marker`, text.includes('Their notebooks') ? 'Their notebooks' : 'along the way.');
        await page.keyboard.press('h');
        await expect(reader.locator('.highlight', { hasText: testCase.word }).first(), testCase.id).toBeVisible();
        const [highlight] = await app.call('listHighlights', { articleId });
        const note = await app.call('quoteIntoNote', { highlightId: highlight.id });
        await page.goto(`${app.origin}/#/note/${note.id}`);
        await expect(page.getByRole('textbox', { name: 'Note text' }).locator('blockquote'), testCase.id).toContainText(testCase.word);

        await page.keyboard.press('Control+k');
        const palette = page.getByRole('dialog', { name: 'Command palette' });
        await palette.getByRole('combobox', { name: 'Search or run a command' }).fill(testCase.word);
        await expect(palette.getByRole('option').filter({ hasText: testCase.word }).first(), testCase.id).toBeVisible();
        await page.keyboard.press('Escape');

        expect(await pwnedCases(page), testCase.id).toEqual([]);
        if (testCase.probe) expect(await probeHolds(page, testCase.probe), `${testCase.id} clobbered the app`).toBe(false);
      }
      await page.goto(`${app.origin}/#/`);
      await expect(page.getByText(`${cases.length} articles`)).toBeVisible();
      await page.screenshot({ path: screenshotPath(`hostile-${cases[0].id.replace(/\d+$/, '')}`) });

      expect(await pwnedCases(page)).toEqual([]);
      expect(watch.dialogs, 'dialogs').toEqual([]);
      expect(watch.popups, 'windows opened').toEqual([]);
      expect(watch.navigations.filter((url) => !url.startsWith(app.origin)), 'navigations away').toEqual([]);
      expect(watch.foreignRequests, 'requests to anyone but the app').toEqual([]);
      expect(sink.hits(), 'payloads that reached the attacker').toEqual([]);
      expect(watch.policyViolations, 'content the CSP had to refuse').toEqual([]);

      const exported = await exportAll(app, vault.dir);
      expect(exported.filter((file) => file.startsWith('Articles/'))).toHaveLength(cases.length);
      const active = exported.flatMap((file) => activeMarkdown(readFileSync(join(vault.dir, file), 'utf8')).map((problem) => `${file}: ${problem}`));
      expect(active, 'exported Markdown that could run').toEqual([]);
    } finally {
      await app.close();
      vault.cleanup();
    }
  });
}

interface AppWatch {
  dialogs: string[];
  popups: string[];
  navigations: string[];
  foreignRequests: string[];
  policyViolations: string[];
}

function watchApp(page: Page, context: BrowserContext, app: App): AppWatch {
  const watch: AppWatch = { dialogs: [], popups: [], navigations: [], foreignRequests: [], policyViolations: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  context.on('page', (popup) => {
    watch.popups.push(popup.url());
    void popup.close();
  });
  page.on('framenavigated', (frame) => watch.navigations.push(frame.url()));
  page.on('request', (request) => {
    if (!request.url().startsWith(app.origin)) watch.foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watch.policyViolations.push(message.text());
  });
  return watch;
}

/** What the reader must never hold, whatever the page was. */
function activeReaderParts(reader: Locator): Promise<string[]> {
  return reader.evaluate((root) => {
    const problems: string[] = [];
    const active = 'script, iframe, frame, object, embed, base, meta, link, form, input, button, textarea, style, svg, math, template, noscript';
    for (const element of root.querySelectorAll(active)) problems.push(`<${element.tagName.toLowerCase()}>`);
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) problems.push(`${attribute.name}= on <${element.tagName.toLowerCase()}>`);
      }
    }
    for (const link of root.querySelectorAll('a[href]')) {
      if (!/^(https?:|mailto:|#)/i.test(link.getAttribute('href')!)) problems.push(`link to ${link.getAttribute('href')}`);
    }
    for (const image of root.querySelectorAll('img')) {
      const source = image.getAttribute('src') ?? '';
      if (!source.startsWith('/media/') && !source.startsWith(`${location.origin}/media/`)) problems.push(`image from ${source.slice(0, 60)}`);
    }
    return problems;
  });
}

/**
 * Clicks what the payload wanted clicked, as a curious reader would, unless it is now a plain
 * web link: following one of those is the reader's own choice, made in a new tab.
 */
async function clickTrigger(reader: Locator, testCase: PayloadCase): Promise<void> {
  if (!testCase.clicked) return;
  const trigger = reader.getByText(`Trigger ${testCase.word}`);
  if ((await trigger.count()) === 0) return;
  const webLink = await trigger.first().evaluate((element) => /^https?:/i.test(element.closest('a')?.getAttribute('href') ?? ''));
  if (!webLink) await trigger.first().click();
}

/** Exports the whole notebook with full text; the Markdown files it wrote, relative to the folder. */
async function exportAll(app: App, folder: string): Promise<string[]> {
  let status = await app.call('startExport', { folder, fullText: true });
  await expect.poll(async () => (status = await app.call('exportStatus', { jobId: status.jobId })).finished, { timeout: 60_000 }).toBe(true);
  expect(status.error).toBeNull();
  return (readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith('.md')).sort();
}
