import { bookmarkletSource } from '../../src-main/common/bookmarklet';
import { startPageServer, type PageServer } from '../support/page-server';
import { expect, screenshotPath, test } from './fixtures';

/** A page whose article exists only after its script runs: a fetch of its HTML would find nothing. */
const SCRIPTED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Members only: the drone deliveries</title></head>
<body><div id="app">Loading…</div>
<script>
  const paragraphs = [
    'Officials confirmed on Tuesday that the deliveries of drones continued through the spring, despite the new sanctions announced in March.',
    'The shipments, according to the documents seen by this newsletter, were routed through two intermediaries and declared as agricultural equipment.',
    'Analysts who reviewed the documents said the volumes were larger than previously reported, and that training personnel travelled with them.',
    'Neither government answered requests for comment before publication; this article is available to subscribers only.'
  ];
  document.getElementById('app').innerHTML = '<article><h1>Members only: the drone deliveries</h1>' + paragraphs.map((p) => '<p>' + p + '</p>').join('') + '</article>';
</script></body></html>`;

test.describe('clipping from the browser with the bookmarklet', () => {
  let site: PageServer;
  test.beforeAll(async () => {
    // Served as "localhost", a different origin from the app's 127.0.0.1.
    site = await startPageServer({ '/members/drones': { body: SCRIPTED_PAGE } }, 'localhost');
  });
  test.afterAll(() => site.close());

  test('sends the rendered page from another origin and the article lands in the library', async ({ page, app, context }) => {
    const { href, port } = await app.call('bookmarklet', {});
    expect(href.startsWith('javascript:')).toBe(true);
    expect(decodeURIComponent(href.slice('javascript:'.length))).toContain(`http://127.0.0.1:${port}/bookmarklet/clip`);

    const reading = await context.newPage();
    await reading.goto(site.url('/members/drones'));
    await expect(reading.getByRole('heading', { name: 'Members only: the drone deliveries' })).toBeVisible();
    // Clicking a bookmarklet runs its script in the page, as this does.
    await reading.evaluate(bookmarkletSource(port, app.token));
    await expect(reading.getByRole('status')).toHaveText('Clipped to Commonplace: Members only: the drone deliveries');
    await reading.screenshot({ path: screenshotPath('bookmarklet-result') });

    await page.goto(app.url);
    const row = page.locator('.article-row').filter({ hasText: 'Members only: the drone deliveries' });
    await expect(row).toBeVisible();
    const [article] = await app.call('listArticles', {});
    expect(article.url).toBe(site.url('/members/drones'));
    const detail = await app.call('getArticle', { id: article.id });
    expect(detail.text).toContain('routed through two intermediaries');
  });

  test('the library offers the bookmarklet, ready to drag', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByText('Clip from your browser').click();
    const link = page.getByRole('link', { name: 'Clip to Commonplace' });
    await expect(link).toHaveAttribute('href', /^javascript:/);
    await page.screenshot({ path: screenshotPath('library-bookmarklet') });
  });
});
