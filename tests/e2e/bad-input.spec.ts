/**
 * Bad input through the real screens: a URL that serves an image, a page past the size limit
 * or an unknown charset; a binary or oversize ".html" file chosen or dropped; enormous or deeply
 * nested HTML pasted; an enormous comment; the bookmarklet on pages too large or too deep; and
 * addresses that name no article or note. Each says specifically what was wrong, keeps
 * nothing, and leaves the app working.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { bookmarkletSource } from '../../src-main/common/bookmarklet';
import { png } from '../support/images';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath } from '../support/temp';
import { expect, openReader, screenshotPath, test, type App } from './fixtures';

const MB = 1024 * 1024;
const SAMPLE = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
const QUOTE = 'Indeed, the literal translation of the word Belarus is White Russia.';

/** The sample page under its own address, so it is an article of its own. */
function samplePage(name: string): string {
  return SAMPLE.replaceAll('russias-ally-belarus-draws-closer-to.html', `${name}.html`);
}

/** Uncaught errors in the page: a screen that broke, rather than one that said what was wrong. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function articleCount(app: App): Promise<number> {
  return (await app.call('countArticles', {})).total;
}

// Pages of 21 MB pass through the browser and the server: on a busy machine that takes a while.
test.describe.configure({ timeout: 180_000 });

test.describe('bad input through the screens', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    site = await startPageServer({
      '/photo': { body: png(48, 48, [180, 40, 40]) },
      '/oversize': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(MB, 'a');
        let sent = 0;
        const write = () => {
          while (sent < 21) {
            sent++;
            if (!response.write(chunk)) return void response.once('drain', write);
          }
          response.end();
        };
        response.on('error', () => undefined);
        write();
      },
      '/klingon': { headers: { 'content-type': 'text/html; charset=x-klingon' }, body: samplePage('klingon') },
    });
  });
  test.afterAll(() => site.close());

  test('clipping a URL that serves an image, an oversize page or an unknown charset says which', async ({ page, app }) => {
    const errors = pageErrors(page);
    await page.goto(app.url);
    const before = await articleCount(app);
    const status = page.locator('.clip-status');
    const cases: Array<[path: string, message: RegExp, screenshot: string]> = [
      ['/photo', /Could not clip .*\/photo\. .*\/photo is a PNG image, not an HTML page\./, 'bad-input-url-binary'],
      ['/oversize', /Could not clip .*\/oversize\. .*\/oversize is larger than the 20 MB page limit; it was not clipped\./, 'bad-input-url-oversize'],
      ['/klingon', /declares the character encoding "x-klingon" in its Content-Type header, which Commonplace does not know/, 'bad-input-url-charset'],
    ];
    for (const [path, message, screenshot] of cases) {
      await page.getByLabel('Web address to clip').fill(site.url(path));
      await page.getByRole('button', { name: 'Clip', exact: true }).click();
      await expect(status.getByRole('alert')).toHaveText(message);
      await page.screenshot({ path: screenshotPath(screenshot) });
    }
    expect(await articleCount(app)).toBe(before);
    expect(errors).toEqual([]);
  });

  test('choosing or dropping a binary ".html" file, or one past the limit, says what it is', async ({ page, app }) => {
    const errors = pageErrors(page);
    await page.goto(app.url);
    const before = await articleCount(app);
    const alert = page.locator('.clip-status').getByRole('alert');

    await page.getByLabel('HTML file to clip').setInputFiles({ name: 'scan.html', mimeType: 'text/html', buffer: png(32, 32, [10, 90, 10]) });
    await expect(alert).toHaveText('Could not clip scan.html. scan.html is a PNG image, not an HTML page.');
    await page.screenshot({ path: screenshotPath('bad-input-file-binary') });

    // Dropped on the window, as from a file manager: a ZIP archive named as a page.
    await page.evaluate(() => {
      const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 512 }, (_, index) => index % 251)]);
      const data = new DataTransfer();
      data.items.add(new File([zip], 'archive.html', { type: 'text/html' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect(alert).toHaveText('Could not clip archive.html. archive.html is a ZIP archive, not an HTML page.');

    await page.getByLabel('HTML file to clip').setInputFiles({ name: 'huge.html', mimeType: 'text/html', buffer: Buffer.alloc(21 * MB, 'a') });
    await expect(alert).toHaveText('Could not clip huge.html. It is 21 MB, larger than the 20 MB page limit.');
    await page.screenshot({ path: screenshotPath('bad-input-file-oversize') });
    expect(await articleCount(app)).toBe(before);
    expect(errors).toEqual([]);
  });

  test('pasting enormous or deeply nested HTML in the library says which limit it passes', async ({ page, app }) => {
    const errors = pageErrors(page);
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Library', exact: true })).toBeAttached();
    const before = await articleCount(app);
    const paste = (html: string) =>
      page.evaluate((html) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
      }, html);
    const alert = page.locator('.clip-status').getByRole('alert');

    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/html', `<p>${'a'.repeat(21 * 1024 * 1024)}</p>`);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await expect(alert).toHaveText('Could not clip the pasted HTML. It is 21 MB, larger than the 20 MB page limit.');
    await page.screenshot({ path: screenshotPath('bad-input-paste-oversize') });

    await paste(`<article><h1>Deep</h1>${'<div>'.repeat(100_000)}<p>Deep inside.</p>${'</div>'.repeat(100_000)}</article>`);
    await expect(alert).toHaveText(/^Could not clip the pasted HTML\. the pasted HTML nests its elements more than 512 deep/);
    await page.screenshot({ path: screenshotPath('bad-input-paste-deep') });
    expect(await articleCount(app)).toBe(before);
    expect(errors).toEqual([]);
  });

  test('an enormous comment is refused naming the limit, and what was typed is kept until it fits', async ({ page, app }) => {
    const errors = pageErrors(page);
    const article = await app.call('clipHtml', { html: samplePage('enormous-comment'), url: 'https://bad-input.example/enormous-comment' });
    const highlight = await app.call('createHighlight', { articleId: article.id, exact: QUOTE });
    await openReader(page, app, article.id);
    const panel = page.getByRole('complementary', { name: 'Highlights' });
    await panel.getByRole('button', { name: 'Add a comment' }).click();
    const field = panel.getByRole('textbox', { name: 'Comment' });

    await field.fill('c'.repeat(1_000_000));
    const tooLong = panel.getByRole('alert');
    await expect(tooLong).toHaveText('This comment is 1,000,000 characters long; a comment can have at most 100,000. Shorten it to save it.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { level: 1 }).click();
    await expect(field).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await page.screenshot({ path: screenshotPath('bad-input-comment-too-long') });

    await field.fill('c'.repeat(100_001));
    await expect(tooLong).toContainText('This comment is 100,001 characters long');
    expect((await app.call('listHighlights', { articleId: article.id }))[0].comment).toBeNull();

    await field.fill('c'.repeat(100_000));
    await expect(tooLong).toHaveCount(0);
    await page.keyboard.press('Control+Enter');
    await expect(field).toHaveCount(0);
    await expect.poll(async () => (await app.call('listHighlights', { articleId: article.id }))[0].comment?.length).toBe(100_000);
    expect((await app.call('listHighlights', { articleId: article.id }))[0].id).toBe(highlight.id);
    expect(errors).toEqual([]);
  });

  test('an article nested as deep as the limits allow opens in the reader', async ({ page, app }) => {
    const errors = pageErrors(page);
    const paragraph = `<p>${'The inquiry heard from witnesses over three long days in the spring. '.repeat(6)}</p>`;
    const deep = `${'<div>'.repeat(400)}${'<blockquote>'.repeat(90)}<p>Wellspring sits ninety quotes down.</p>${'</blockquote>'.repeat(90)}${'</div>'.repeat(400)}`;
    const html = `<!doctype html><html><head><title>Deep but allowed</title></head><body><article><h1>Deep but allowed</h1>${paragraph}${deep}${paragraph}</article></body></html>`;
    const article = await app.call('clipHtml', { html, url: 'https://bad-input.example/deep-but-allowed' });
    const text = await openReader(page, app, article.id);
    expect(text).toContain('Wellspring sits ninety quotes down.');
    const deepest = page.locator('[data-reader]').getByText('Wellspring sits ninety quotes down.');
    await deepest.scrollIntoViewIfNeeded();
    await expect(deepest).toBeInViewport();
    // Past a few levels quotes indent no further: the text deep down keeps a readable width.
    expect((await deepest.boundingBox())!.width).toBeGreaterThan(300);
    await page.screenshot({ path: screenshotPath('bad-input-reader-deep') });
    expect(errors).toEqual([]);
  });

  test('an address naming no article or note opens a view that says so, and the way back', async ({ page, app }) => {
    const errors = pageErrors(page);
    const gone = await app.call('clipHtml', { html: samplePage('emptied'), url: 'https://bad-input.example/emptied' });
    await app.call('trashArticle', { id: gone.id });
    await app.call('emptyTrash', {});
    await page.goto(app.url);
    const cases: Array<[hash: string, heading: string, text: RegExp, screenshot: string]> = [
      ['#/article/not-an-id', 'Article not found', /“not-an-id”, which is not an article id: ids are 16 letters and digits/, 'bad-input-article-malformed'],
      [`#/article/${gone.id}`, 'Article not found', new RegExp(`No article has the id ${gone.id}\\. It may have been deleted \\(emptying the trash deletes articles for good\\)`), 'bad-input-article-missing'],
      ['#/note/<script>alert(1)</script>', 'Note not found', /“<script>alert\(1\)<\/script>”, which is not a note id/, 'bad-input-note-malformed'],
      ['#/note/aaaaaaaaaaaaaaaa', 'Note not found', /No note has the id aaaaaaaaaaaaaaaa\. It may have been deleted, or the link you followed was mistyped\./, 'bad-input-note-missing'],
    ];
    for (const [hash, heading, text, screenshot] of cases) {
      await page.goto(`${app.origin}/${hash}`);
      const view = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: heading }) });
      await expect(view).toBeVisible();
      await expect(view).toContainText(text);
      await page.screenshot({ path: screenshotPath(screenshot) });
    }
    await page.getByRole('link', { name: 'Go to the notes' }).click();
    await expect(page).toHaveURL(/#\/notes$/);
    await page.goto(`${app.origin}/#/article/not-an-id`);
    await page.getByRole('link', { name: 'Go to the library' }).click();
    await expect(page.getByRole('heading', { name: 'Library', exact: true })).toBeAttached();
    expect(errors).toEqual([]);
  });
});

test.describe('the bookmarklet on pages it cannot clip', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    // What the scripts build is hidden: the browser need not lay it out, only serialize it.
    const shell = (script: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Built by script</title></head><body><h1>Built by script</h1><div id="built" hidden></div><script>${script}</script></body></html>`;
    site = await startPageServer(
      {
        // The article grows past the page limit once its script runs.
        '/huge': { body: shell(`document.getElementById('built').innerHTML = '<article><p>' + 'a'.repeat(21 * 1024 * 1024) + '</p></article>';`) },
        // Elements nested 5,000 deep by script (a parser would stop at 512; Chromium itself
        // crashes serializing 100,000, and at 20,000 did once on a loaded machine).
        '/deep': {
          body: shell(`let node = document.getElementById('built'); for (let i = 0; i < 5000; i++) node = node.appendChild(document.createElement('div')); node.textContent = 'Deep inside.';`),
        },
        '/parsed-deep': { body: `<!doctype html><html><head><title>Parsed deep</title></head><body><article><h1>Parsed deep</h1>${'<div>'.repeat(100_000)}<p>Deep inside.</p>${'</div>'.repeat(100_000)}</article></body></html>` },
        '/klingon': { body: samplePage('klingon-bookmarklet').replace('<head>', '<head><meta charset="x-klingon">') },
        // A page whose own script makes reading it throw.
        '/unreadable': { body: shell(`Object.defineProperty(document.documentElement, 'outerHTML', { get() { throw new Error('this page cannot be copied'); } });`) },
      },
      'localhost',
    );
  });
  test.afterAll(() => site.close());

  test('the note on the page says why, and a page declaring an unknown charset clips', async ({ app, context }) => {
    const { port } = await app.call('bookmarklet', {});
    const before = await articleCount(app);
    const reading = await context.newPage();
    const errors = pageErrors(reading);
    // The note goes away after a few seconds: what it said is recorded as it changes.
    await reading.addInitScript(() => {
      const said: string[] = ((window as unknown as { notes: string[] }).notes = []);
      new MutationObserver(() => {
        const text = document.querySelector('[role="status"]')?.textContent;
        if (text && said.at(-1) !== text) said.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const clip = async (path: string) => {
      await reading.goto(site.url(path));
      await reading.evaluate(bookmarkletSource(port, app.token));
      await expect.poll(() => reading.evaluate(() => (window as unknown as { notes: string[] }).notes.at(-1)), { timeout: 60_000 }).not.toBe('Clipping to Commonplace…');
      return reading.evaluate(() => (window as unknown as { notes: string[] }).notes.at(-1));
    };

    expect(await clip('/huge')).toBe('Commonplace could not clip this page: it is larger than the 20 MB page limit.');
    await reading.screenshot({ path: screenshotPath('bad-input-bookmarklet-oversize') });
    expect(await clip('/deep')).toMatch(/^Commonplace could not clip this page: .*\/deep nests its elements more than 512 deep/);
    await reading.screenshot({ path: screenshotPath('bad-input-bookmarklet-deep') });
    // Served 100,000 deep, the page is built 512 deep by the browser: still deeper than Commonplace reads.
    expect(await clip('/parsed-deep')).toMatch(/^Commonplace could not clip this page: .*\/parsed-deep nests its elements more than 512 deep/);
    expect(await clip('/unreadable')).toBe('Commonplace could not read this page: this page cannot be copied');
    expect(await articleCount(app)).toBe(before);

    expect(await clip('/klingon')).toBe('Clipped to Commonplace: Russia’s Ally Belarus Draws Closer to Iran');
    expect(await articleCount(app)).toBe(before + 1);
    expect(errors).toEqual([]);
  });
});
