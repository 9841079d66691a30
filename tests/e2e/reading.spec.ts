import type { Page } from '@playwright/test';
import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

const body = (page: Page) => page.locator('[data-reader] .ProseMirror');
const computed = (page: Page, selector: string, property: string) =>
  page.locator(selector).first().evaluate((element, property) => getComputedStyle(element).getPropertyValue(property), property);

/** The text of the first block still in sight at the window's top, where a reader's eye resumes. */
function blockAtTop(page: Page): Promise<string> {
  return page.evaluate(() => {
    const blocks = [...document.querySelectorAll('[data-reader] .ProseMirror > *')];
    return blocks.find((block) => block.getBoundingClientRect().bottom > 12)?.textContent ?? '';
  });
}

/** Waits until the window stops scrolling, then reads a while: a place counts once the reader rests there. */
async function rest(page: Page): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY)))));
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
  await page.waitForTimeout(1000);
}

test.describe('reading comfort', () => {
  test('reading settings change the type and the line width, are kept, and old values fall back', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'long-article.html');
    await openReader(page, app, article.id);
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-size')).toBe('18px');
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-family')).toContain('Georgia');
    expect(await computed(page, '.reader', 'max-width')).toBe('640px');

    const toggle = page.getByRole('button', { name: 'Reading settings' });
    await expect(toggle).toHaveText('Aa');
    await toggle.click();
    const panel = page.getByRole('group', { name: 'Reading settings' });
    await expect(panel).toBeVisible();
    await page.getByLabel('Font size').fill('22');
    await expect(panel.locator('output')).toHaveText('22 px');
    await panel.getByRole('radio', { name: 'Wide' }).check();
    await panel.getByRole('radio', { name: 'Sans' }).check();
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-size')).toBe('22px');
    expect(await computed(page, '.reader', 'max-width')).toBe('768px');
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-family')).toMatch(/^system-ui/);
    await page.screenshot({ path: screenshotPath('reader-settings') });

    // The keyboard alone: arrows move within a choice, Escape puts the panel away and gives focus back.
    await panel.getByRole('radio', { name: 'Wide' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(panel.getByRole('radio', { name: 'Medium' })).toBeChecked();
    expect(await computed(page, '.reader', 'max-width')).toBe('640px');
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(toggle).toBeFocused();

    await page.reload();
    await expect(body(page)).toBeVisible();
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-size')).toBe('22px');
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-family')).toMatch(/^system-ui/);
    expect(await computed(page, '.reader', 'max-width')).toBe('640px');

    // A value out of range or from nowhere falls back to its default; the good ones stay.
    await page.evaluate(() => localStorage.setItem('commonplace.reading', JSON.stringify({ fontSize: 99, lineWidth: 'narrow', typeface: 'comic', theme: 'neon' })));
    await page.reload();
    await expect(body(page)).toBeVisible();
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-size')).toBe('18px');
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-family')).toContain('Georgia');
    expect(await computed(page, '.reader', 'max-width')).toBe('544px');
    await expect(page.getByRole('button', { name: 'Theme: system' })).toBeVisible();
    await page.evaluate(() => localStorage.setItem('commonplace.reading', '{not json'));
    await page.reload();
    await expect(body(page)).toBeVisible();
    expect(await computed(page, '.reader', 'max-width')).toBe('640px');
    expect(consoleErrors).toEqual([]);
  });

  test('the sepia theme colours the whole app, even when the system is dark', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'long-article.html');
    await page.emulateMedia({ colorScheme: 'dark' });
    await openReader(page, app, article.id);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(27, 28, 30)');
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await page.screenshot({ path: screenshotPath('reader-settings-dark') });
    await page.getByRole('radio', { name: 'Sepia' }).check();
    expect(await background()).toBe('rgb(244, 236, 216)');
    expect(await computed(page, '[data-reader] .ProseMirror', 'color')).toBe('rgb(59, 46, 33)');
    await page.screenshot({ path: screenshotPath('reader-sepia') });

    // The top bar steps through the same themes.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Theme: sepia' }).click();
    await expect(page.getByRole('button', { name: 'Theme: dark' })).toBeVisible();
    await page.getByRole('button', { name: 'Theme: dark' }).click();
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await expect(page.getByRole('button', { name: 'Theme: sepia' })).toBeVisible();
    await page.reload();
    await expect(body(page)).toBeVisible();
    expect(await background()).toBe('rgb(244, 236, 216)');
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await expect(page.getByRole('radio', { name: 'Sepia' })).toBeChecked();

    // A theme chosen before the reading settings existed is still the theme.
    await page.evaluate(() => {
      localStorage.removeItem('commonplace.reading');
      localStorage.setItem('commonplace.theme', 'dark');
    });
    await page.reload();
    await expect(page.getByRole('button', { name: 'Theme: dark' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('the reading position is kept for each article, through the library, a reload and a new font size', async ({ page, app, consoleErrors }) => {
    const long = await clipFixture(app, 'long-article.html');
    const other = await clipFixture(app, 'srebrnik-belarus-iran.html');
    await openReader(page, app, long.id);
    await page.mouse.move(600, 500);
    await page.mouse.wheel(0, 3000);
    await rest(page);
    const place = await blockAtTop(page);
    expect(place.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);

    await page.getByRole('link', { name: '← Library' }).click();
    await expect(page.locator('.article-row').first()).toBeVisible();
    await page.locator('.article-row').filter({ hasText: 'Keeping what you read' }).getByRole('link').first().click();
    await expect(body(page)).toBeVisible();
    await expect.poll(() => blockAtTop(page)).toBe(place);

    // Another article has a place of its own: it opens at its start.
    await openReader(page, app, other.id);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    await openReader(page, app, long.id);
    await expect.poll(() => blockAtTop(page)).toBe(place);
    await page.reload();
    await expect(body(page)).toBeVisible();
    await expect.poll(() => blockAtTop(page)).toBe(place);

    // A larger type or a narrower window moves every line; the place is a point in the text, so it holds.
    await page.evaluate(() => localStorage.setItem('commonplace.reading', JSON.stringify({ fontSize: 24 })));
    await page.reload();
    await expect(body(page)).toBeVisible();
    expect(await computed(page, '[data-reader] .ProseMirror', 'font-size')).toBe('24px');
    await expect.poll(() => blockAtTop(page)).toBe(place);
    await page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(() => blockAtTop(page)).toBe(place);

    // Scrolling back up to the Library link ends on the header, which is not where the reader
    // was reading. (Pausing on the way for less than the rest time is not tested: on a busy
    // machine a test cannot promise how long a pause lasts.)
    await page.mouse.move(600, 500);
    await page.mouse.wheel(0, -100_000);
    await rest(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.getByRole('link', { name: '← Library' }).click();
    await openReader(page, app, long.id);
    await expect.poll(() => blockAtTop(page)).toBe(place);
    expect(consoleErrors).toEqual([]);
  });

  test('a right-to-left article reads right to left', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'rtl-article.html');
    const stored = await app.call('getArticle', { id: article.id });
    expect(stored).toMatchObject({ lang: 'ar', dir: 'rtl', title: 'كيف وصل الورق إلى بغداد' });
    await openReader(page, app, article.id);
    const paragraph = page.locator('[data-reader] p').first();
    expect(await computed(page, '[data-reader] p', 'direction')).toBe('rtl');
    expect(['start', 'right']).toContain(await computed(page, '[data-reader] p', 'text-align'));
    // The first word sits at the right edge of the paragraph.
    const edges = await paragraph.evaluate((element) => {
      const range = document.createRange();
      range.setStart(element.firstChild!, 0);
      range.setEnd(element.firstChild!, 2);
      return { word: range.getBoundingClientRect().right, paragraph: element.getBoundingClientRect().right };
    });
    expect(Math.abs(edges.word - edges.paragraph)).toBeLessThan(2);
    // Lists are indented, and quotes ruled, on the right.
    expect(parseFloat(await computed(page, '[data-reader] ul', 'padding-right'))).toBeGreaterThan(10);
    expect(await computed(page, '[data-reader] ul', 'padding-left')).toBe('0px');
    expect(await computed(page, '[data-reader] blockquote', 'border-right-width')).toBe('3px');
    expect(await computed(page, '[data-reader] blockquote', 'border-left-width')).toBe('0px');
    await page.screenshot({ path: screenshotPath('reader-rtl'), fullPage: true });

    // Finding works in Arabic too.
    await page.keyboard.press('Control+f');
    await page.getByRole('textbox', { name: 'Find in article' }).fill('الورق');
    const count = stored.text.split('الورق').length - 1;
    await expect(page.locator('.find-count')).toHaveText(`1 of ${count}`);
    await page.screenshot({ path: screenshotPath('reader-rtl-find') });
    expect(consoleErrors).toEqual([]);
  });

  test('Ctrl+F finds in the article: counts, steps, scrolls to the match and closes', async ({ page, app, consoleErrors }) => {
    const article = await clipFixture(app, 'long-article.html');
    const stored = await app.call('getArticle', { id: article.id });
    await page.setViewportSize({ width: 1200, height: 700 });
    await openReader(page, app, article.id);
    await page.evaluate(() => window.addEventListener('keydown', (event) => ((window as Window & { prevented?: boolean }).prevented = event.defaultPrevented)));

    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => (window as Window & { prevented?: boolean }).prevented)).toBe(true);
    const input = page.getByRole('textbox', { name: 'Find in article' });
    await expect(input).toBeFocused();
    await input.fill('commonplace');
    const total = stored.text.match(/commonplace/gi)!.length;
    expect(total).toBeGreaterThan(5);
    const count = page.locator('.find-count');
    await expect(count).toHaveText(`1 of ${total}`);
    const current = page.locator('[data-reader] .find-current');
    expect((await current.allTextContents()).join('').toLowerCase()).toBe('commonplace');
    await page.screenshot({ path: screenshotPath('reader-find') });

    // Enter steps on, Shift+Enter back; a match out of sight is brought into view.
    await input.press('Enter');
    await expect(count).toHaveText(`2 of ${total}`);
    await input.press('Shift+Enter');
    await input.press('Shift+Enter');
    await expect(count).toHaveText(`${total} of ${total}`);
    await expect(current.first()).toBeInViewport();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await input.press('Enter');
    await expect(count).toHaveText(`1 of ${total}`);
    await expect(current.first()).toBeInViewport();

    // A match may run through a link and emphasis: the search is over the text.
    await input.fill("Locke's New Method");
    await expect(count).toHaveText('1 of 1');
    expect((await current.allTextContents()).join('')).toBe("Locke's New Method");
    await input.fill('zebra crossing');
    await expect(count).toHaveText('No matches');

    await input.press('Escape');
    await expect(input).toBeHidden();
    await expect(page.locator('[data-reader] .find-match')).toHaveCount(0);

    // Opened from its button, closing gives focus back to the button.
    const button = page.getByRole('button', { name: 'Find', exact: true });
    await button.click();
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('zebra crossing');
    await page.keyboard.press('Escape');
    await expect(button).toBeFocused();

    // In the library the browser's own find is left alone.
    await page.getByRole('link', { name: '← Library' }).click();
    await expect(page.locator('[data-reader]')).toHaveCount(0);
    await expect(page.locator('.article-row').first()).toBeVisible();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => (window as Window & { prevented?: boolean }).prevented)).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
