import { chromium, type Page } from '@playwright/test';
import { clipFixture, expect, screenshotPath, test, type App } from './fixtures';

/** A sentence of the sample article, highlighted and then cited from a note by its start. */
const PASSAGE = 'Lukashenko travelled to Tehran in mid-March, the first such visit in 17 years';
const LABEL = 'Lukashenko travelled to Tehran in mid-March, the first such…';

async function openNotes(page: Page, app: App, hash = '#/notes') {
  if (!page.url().startsWith(app.origin)) await page.goto(app.url);
  await page.goto(`${app.origin}/${hash}`);
}

async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((chosen) => localStorage.setItem('commonplace.reading', JSON.stringify({ theme: chosen })), theme);
  await page.reload();
}

/**
 * Makes the page's saves fail as a full disk would while sessionStorage says so (it outlives a
 * reload), counting them. In the page, so that a save sent as the page unloads fails too.
 */
async function refuseSaves(page: Page) {
  await page.addInitScript(() => {
    const send = window.fetch.bind(window);
    window.fetch = (input, init) => {
      if (!String(input).endsWith('/api/saveNote') || !sessionStorage.getItem('refusing')) return send(input, init);
      sessionStorage.setItem('refused-saves', String(Number(sessionStorage.getItem('refused-saves')) + 1));
      const body = JSON.stringify({ error: { code: 'internal', message: 'The disk is full.' } });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
    };
  });
}

async function setRefusing(page: Page, refusing: boolean) {
  await page.evaluate((on) => (on ? sessionStorage.setItem('refusing', '1') : sessionStorage.removeItem('refusing')), refusing);
}

const noteText = (page: Page) => page.getByRole('textbox', { name: 'Note text' });
const saved = (page: Page) => page.getByRole('status').filter({ hasText: /^Saved$/ });

test.describe('notes', () => {
  test('a note written with Markdown keys cites a highlight with [[ and is all there after a reload', async ({ page, app }) => {
    for (const note of await app.call('listNotes', {})) await app.call('deleteNote', { id: note.id });
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    const highlight = await app.call('createHighlight', { articleId: article.id, exact: PASSAGE });

    await openNotes(page, app);
    await expect(page.getByRole('heading', { name: 'No notes yet' })).toBeVisible();
    await expect(page.getByText('Start one, or quote a highlight into a note from the reader.')).toBeVisible();
    await page.screenshot({ path: screenshotPath('notes-empty') });

    await page.getByRole('button', { name: 'New note' }).click();
    await expect(page).toHaveURL(/#\/note\/[a-z2-7]{16}$/);
    const noteId = new URL(page.url()).hash.split('/').pop()!;
    const title = page.getByRole('textbox', { name: 'Title' });
    await expect(title).toBeFocused();
    await page.keyboard.type('Belarus and Iran');
    await page.keyboard.press('Enter');
    await expect(noteText(page)).toBeFocused();

    // Markdown as it is typed: a heading, a bulleted item, a task.
    await page.keyboard.type('# Ties with Tehran');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- a road map until 2026');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('[ ] read the road map');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(noteText(page).locator('h1')).toHaveText('Ties with Tehran');
    await expect(noteText(page).locator('ul:not([data-type]) > li')).toHaveText('a road map until 2026');
    const task = noteText(page).locator('ul[data-type="taskList"] > li');
    await expect(task.locator('> div')).toHaveText('read the road map');
    await expect(task.getByRole('checkbox')).not.toBeChecked();

    // [[ and words of the highlight: the list offers it first; Enter cites it.
    await page.keyboard.type('As the column has it, [[tehran mid march first su');
    const options = page.getByRole('listbox', { name: 'Cite in the note' }).getByRole('option');
    await expect(options.first()).toContainText('Highlight');
    await expect(options.first()).toContainText('the first such visit');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    // The editor keeps the focus and names the active option, for screen readers.
    await expect(noteText(page)).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
    await page.screenshot({ path: screenshotPath('notes-cite-picker') });
    await page.keyboard.press('Enter');
    const reference = noteText(page).locator('a.reference');
    await expect(reference).toHaveText(LABEL);
    await expect(page.getByRole('listbox', { name: 'Cite in the note' })).toBeHidden();
    await page.keyboard.type('and went on.');
    await expect(saved(page)).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Notes' }).getByRole('link', { name: /Belarus and Iran/ })).toBeVisible();
    const references = page.getByRole('complementary', { name: 'References and citations' });
    await expect(references.getByRole('link', { name: LABEL })).toBeVisible();

    await page.reload();
    await expect(title).toHaveValue('Belarus and Iran');
    await expect(noteText(page).locator('h1')).toHaveText('Ties with Tehran');
    await expect(task.locator('> div')).toHaveText('read the road map');
    await expect(noteText(page)).toContainText(`As the column has it, ${LABEL} and went on.`);
    await expect(reference).toHaveText(LABEL);
    const stored = await app.call('getNote', { id: noteId });
    expect(stored.references).toEqual([{ targetId: highlight.id, kind: 'highlight', label: LABEL, articleId: article.id, missing: false }]);

    await useTheme(page, 'light');
    await expect(reference).toBeVisible();
    await page.screenshot({ path: screenshotPath('notes-light'), fullPage: true });
    await useTheme(page, 'dark');
    await expect(reference).toBeVisible();
    await page.screenshot({ path: screenshotPath('notes-dark'), fullPage: true });

    // The reference opens the reader at the highlight.
    await reference.click();
    await expect(page).toHaveURL(new RegExp(`#/article/${article.id}/highlight/${highlight.id}$`));
    await expect(page.locator(`[data-reader] [data-highlight-id="${highlight.id}"]`).first()).toBeVisible();
  });

  test('the other Markdown keys, the toolbar from the keyboard, and Escape closing the [[ list', async ({ page, app }) => {
    const note = await app.call('createNote', { title: 'Keys' });
    await openNotes(page, app, `#/note/${note.id}`);
    await noteText(page).click();
    await page.keyboard.type('1. first');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('> quoted');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('some **bold** and `code` ');
    await expect(noteText(page).locator('ol > li')).toHaveText('first');
    await expect(noteText(page).locator('blockquote')).toHaveText('quoted');
    await expect(noteText(page).locator('strong')).toHaveText('bold');
    await expect(noteText(page).locator('code')).toHaveText('code');

    await page.keyboard.type('[[bold');
    const list = page.getByRole('listbox', { name: 'Cite in the note' });
    await expect(page.locator('.reference-picker')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.reference-picker')).toBeHidden();
    await expect(noteText(page)).not.toHaveAttribute('aria-activedescendant');
    await expect(list).toBeHidden();
    await expect(noteText(page)).toContainText('[[bold');

    // The toolbar is one tab stop; the arrows move along it and Enter acts on the text.
    await page.keyboard.press('Shift+Home');
    await page.getByRole('button', { name: 'Heading 1' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('button', { name: 'Heading 2' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(noteText(page).locator('h2')).toContainText('[[bold');
    await expect(page.getByRole('button', { name: 'Heading 2' })).toHaveAttribute('aria-pressed', 'true');
    await expect(saved(page)).toBeVisible();
  });

  test('what was typed is in the notebook even when the browser is killed a moment later', async ({ app, launchOptions }) => {
    const note = await app.call('createNote', { title: 'Written before the crash' });
    const words = 'Every keystroke reaches the notebook within a second';

    const server = await chromium.launchServer(launchOptions);
    const doomed = await chromium.connect(server.wsEndpoint());
    const page = await doomed.newPage();
    await openNotes(page, app, `#/note/${note.id}`);
    await noteText(page).click();
    await page.keyboard.type(words);
    // Past the save interval, without leaving the field: only the autosave can have saved it.
    await page.waitForTimeout(1500);
    server.process().kill('SIGKILL');
    await doomed.close().catch(() => {});

    const browser = await chromium.launch(launchOptions);
    try {
      const again = await browser.newPage();
      const errors: string[] = [];
      again.on('pageerror', (error) => errors.push(error.message));
      again.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await openNotes(again, app, `#/note/${note.id}`);
      await expect(noteText(again)).toHaveText(words);
      expect((await app.call('getNote', { id: note.id })).text).toBe(words);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('a failed save keeps the text, says so, keeps it through a reload, and saves on Retry', async ({ page, app }) => {
    const note = await app.call('createNote', { title: 'Offline' });
    await refuseSaves(page);
    await openNotes(page, app, `#/note/${note.id}`);
    await setRefusing(page, true);
    await noteText(page).click();
    await page.keyboard.type('Nothing typed is lost');
    const failed = page.getByRole('alert').filter({ hasText: 'Not saved: The disk is full. Nothing is lost: it is kept on this computer and tried again.' });
    await expect(failed).toBeVisible();
    const retry = page.getByRole('button', { name: 'Retry' });
    await expect(retry).toBeVisible();

    // Kept on this computer: a reload brings the text back, though the notebook never had it.
    await page.reload();
    await expect(noteText(page)).toHaveText('Nothing typed is lost');
    const kept = page.getByText('Changes that had not reached the notebook were kept on this computer');
    await expect(kept).toBeVisible();
    await expect(failed).toBeVisible();
    expect((await app.call('getNote', { id: note.id })).text).toBe('');

    const refused = () => page.evaluate(() => Number(sessionStorage.getItem('refused-saves')));
    const before = await refused();
    await retry.click();
    await expect.poll(refused).toBeGreaterThan(before);
    await expect(failed).toBeVisible();

    await setRefusing(page, false);
    await retry.click();
    await expect(saved(page)).toBeVisible();
    await expect(kept).toBeHidden();
    expect((await app.call('getNote', { id: note.id })).text).toBe('Nothing typed is lost');
  });

  test('a note too large to keep says why, is not sent again as it is, and saves once it is shortened', async ({ page, app }) => {
    test.setTimeout(180_000);
    const note = await app.call('createNote', { title: 'Everything at once' });
    await openNotes(page, app, `#/note/${note.id}`);
    await noteText(page).click();
    let saves = 0;
    page.on('request', (request) => void (request.url().endsWith('/api/saveNote') && saves++));
    // Pasted: 5.5 MB of text, past the 5 MB a note may hold.
    await noteText(page).evaluate((editor, size) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'word '.repeat(size / 5));
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 5.5 * 1024 * 1024);
    const refused = page.getByRole('alert').filter({ hasText: /Not saved: The note is larger than the 5 MB a note may hold\.\s+It will be saved once you change it\./ });
    await expect(refused).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    // Written at the end of a long note, the refusal is in sight there.
    await expect(refused).toBeInViewport();
    await page.screenshot({ path: screenshotPath('note-too-large') });
    const sent = saves;
    // The first retry of a failed save comes after 2 s: a refused one is not retried.
    await page.waitForTimeout(3_000);
    expect(saves).toBe(sent);

    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Shorter now');
    await expect(saved(page)).toBeVisible();
    expect((await app.call('getNote', { id: note.id })).text).toBe('Shorter now');
  });

  test('switching to another note saves the one left, and coming back finds it', async ({ page, app }) => {
    const first = await app.call('createNote', { title: 'First thoughts' });
    await app.call('createNote', { title: 'Second thoughts' });
    await openNotes(page, app, `#/note/${first.id}`);
    await noteText(page).click();
    await page.keyboard.type('typed just before leaving');
    await page.getByRole('navigation', { name: 'Notes' }).getByRole('link', { name: /^Second thoughts/ }).click();
    await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('Second thoughts');
    await page.goBack();
    await expect(noteText(page)).toHaveText('typed just before leaving');
    expect((await app.call('getNote', { id: first.id })).text).toBe('typed just before leaving');
  });

  test('links: a javascript: address is refused and never stored; a web link opens in a new window', async ({ page, app }) => {
    const note = await app.call('createNote', { title: 'Links' });
    await openNotes(page, app, `#/note/${note.id}`);
    await noteText(page).click();
    await page.keyboard.type('the report');
    await page.keyboard.press('Shift+Home');

    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await toolbar.getByRole('button', { name: 'Link' }).click();
    const address = page.getByRole('textbox', { name: 'Link address' });
    await expect(address).toBeFocused();
    await address.fill('javascript:alert(document.cookie)');
    await address.press('Enter');
    await expect(page.getByRole('alert')).toContainText('cannot be linked');
    await expect(noteText(page).locator('a')).toHaveCount(0);

    await address.fill('example.org/report');
    await address.press('Enter');
    await expect(address).toBeHidden();
    const link = noteText(page).locator('a[href="https://example.org/report"]');
    await expect(link).toHaveText('the report');
    await expect(saved(page)).toBeVisible();
    const stored = JSON.stringify((await app.call('getNote', { id: note.id })).doc);
    expect(stored).not.toContain('javascript');
    expect(stored).toContain('https://example.org/report');

    // Ctrl+click opens a web link in a window of its own; the app stays where it is.
    const popup = page.waitForEvent('popup');
    await link.click({ modifiers: ['Control'] });
    await (await popup).close();
    expect(new URL(page.url()).hash).toBe(`#/note/${note.id}`);
  });

  test('deleting a note says who cites it; what it cited and who cited it show what was deleted', async ({ page, app }) => {
    const article = await clipFixture(app, 'srebrnik-belarus-iran.html');
    const gone = await app.call('createHighlight', { articleId: article.id, exact: 'Iran wants Russia to help it speed up its nuclear program.' });
    const cited = await app.call('createNote', { title: 'Road map' });
    const reference = (targetId: string, kind: string, label: string) => ({ type: 'reference', attrs: { targetId, kind, articleId: kind === 'note' ? null : article.id, label } });
    const citing = await app.call('createNote', {
      title: 'Sanctions',
      doc: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'See ' }, reference(cited.id, 'note', 'Road map'), { type: 'text', text: ' and ' }, reference(gone.id, 'highlight', 'Iran wants Russia to help')] }],
      },
    });
    await app.call('deleteHighlight', { id: gone.id });

    await openNotes(page, app, `#/note/${citing.id}`);
    const missing = noteText(page).locator(`a.reference[data-ref="${gone.id}"]`);
    await expect(missing).toHaveClass(/reference-missing/);
    await expect(missing).toHaveAttribute('title', 'This passage was deleted');
    const references = page.getByRole('complementary', { name: 'References and citations' });
    await expect(references.getByRole('listitem').filter({ hasText: 'Iran wants Russia to help' })).toContainText('deleted');
    await page.screenshot({ path: screenshotPath('notes-deleted-reference') });

    await page.getByRole('navigation', { name: 'Notes' }).getByRole('link', { name: /^Road map/ }).click();
    await expect(page).toHaveURL(new RegExp(`#/note/${cited.id}$`));
    await expect(page.getByRole('complementary', { name: 'References and citations' }).getByRole('link', { name: 'Sanctions' })).toBeVisible();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete “Road map”?' });
    await expect(dialog).toContainText('1 note cites it; it will keep its title. This cannot be undone.');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // From the palette this time.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search or run a command' }).fill('delete this note');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Delete note' }).click();
    await expect(page).toHaveURL(/#\/notes$/);
    await expect(page.getByRole('navigation', { name: 'Notes' }).getByRole('link', { name: /^Road map/ })).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Notes' }).getByRole('link', { name: /^Sanctions/ }).click();
    await expect(noteText(page).locator(`a.reference[data-ref="${cited.id}"]`)).toHaveAttribute('title', 'This note was deleted');
  });
});
