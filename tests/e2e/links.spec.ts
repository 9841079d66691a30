import type { Page } from '@playwright/test';
import type { App } from './fixtures';
import { clipFixture, expect, openReader, screenshotPath, test } from './fixtures';

/** A second source: one that puts the Belarus–Ukraine border at 1,084 km, with emphasis inside the sentence. */
const BORDER_SURVEY = `<!doctype html>
<html lang="en"><head><title>Measuring Europe's borders</title>
<meta name="author" content="Olena Marchenko">
</head><body><article>
<h1>Measuring Europe's borders</h1>
<p>Surveyors measured the <strong>Belarus–Ukraine border</strong> at <em>1,084 kilometres</em>, most of it through the marshes of Polesia.</p>
<p>The frontier was demarcated only in 2013, two decades after both countries became independent. Its forests and wetlands make a continuous wall impractical, engineers say, whatever governments announce.</p>
<p>Longer frontiers elsewhere in Europe are mostly rivers and mountain ridges, which surveyors measure along their centre lines.</p>
</article></body></html>`;

const SAMPLE_CLAIM = 'its border with Belarus, which is more than 1,000 kilometres long.';
const SURVEY_PASSAGE = 'Surveyors measured the Belarus–Ukraine border at 1,084 kilometres';

async function clipBoth(app: App, path: string) {
  const sample = await clipFixture(app, 'srebrnik-belarus-iran.html');
  const survey = await app.call('clipHtml', { html: BORDER_SURVEY, url: `https://survey.example.org/${path}` });
  return { sample, survey };
}

async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((chosen) => localStorage.setItem('commonplace.reading', JSON.stringify({ theme: chosen })), theme);
  await page.reload();
  await expect(page.locator('[data-reader] .ProseMirror')).toBeVisible();
}

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Highlights' });

test.describe('claims, links and quoting in the reader', () => {
  test('a claim is restated, linked to a passage of another article, and both sides show the link', async ({ page, app, consoleErrors }) => {
    const { sample, survey } = await clipBoth(app, 'borders');
    const claim = await app.call('createHighlight', { articleId: sample.id, exact: SAMPLE_CLAIM, color: 'yellow' });
    const measured = await app.call('createHighlight', { articleId: survey.id, exact: SURVEY_PASSAGE, color: 'blue' });
    await openReader(page, app, sample.id);
    await useTheme(page, 'light');
    const panel = panelOf(page);
    const item = panel.locator(`[data-panel-highlight="${claim.id}"]`);

    // Mark it a claim and restate it: the statement is stored.
    await item.getByRole('button', { name: 'Mark as claim' }).click();
    await item.getByRole('button', { name: /in your words/i }).click();
    const statement = item.getByRole('textbox', { name: 'The claim in your words' });
    await expect(statement).toBeFocused();
    await statement.fill('Ukraine’s border with Belarus runs for over 1,000 km');
    await statement.press('Enter');
    await expect(item).toContainText('Ukraine’s border with Belarus runs for over 1,000 km');
    await expect.poll(async () => (await app.call('listHighlights', { articleId: sample.id })).find((found) => found.id === claim.id)?.statement).toBe(
      'Ukraine’s border with Belarus runs for over 1,000 km',
    );

    // `l` on the active highlight opens the link dialog, its search field focused.
    await item.locator('.panel-quote').click();
    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Link this passage' });
    const search = dialog.getByRole('combobox');
    await expect(search).toBeFocused();
    await expect(dialog).toContainText(SAMPLE_CLAIM);
    // Words of the other passage, the last one half typed; the passage itself is never offered.
    await search.pressSequentially('surveyors measured kilomet');
    const hit = dialog.getByRole('option').filter({ hasText: 'Surveyors measured' });
    await expect(hit).toBeVisible();
    await expect(hit).toContainText('Measuring Europe');
    await expect(hit.locator('mark').first()).toHaveText(/Surveyors/i);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('textbox', { name: /Why/ })).toBeFocused();
    await dialog.getByRole('radio', { name: 'contradicts' }).check();
    await dialog.getByRole('textbox', { name: /Why/ }).fill('The survey gives an exact figure the column only bounds.');
    await expect(dialog).toContainText('This passage contradicts');
    await page.screenshot({ path: screenshotPath('reader-link-dialog') });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog).toBeHidden();

    // The new link shows under the highlight it was made from, and is stored.
    const links = item.getByRole('region', { name: 'Links and notes' });
    await expect(links).toContainText('contradicts →');
    await expect(links).toContainText('Surveyors measured the Belarus–Ukraine border');
    await expect(links).toContainText('The survey gives an exact figure the column only bounds.');
    await expect(item.getByRole('button', { name: '1 link' })).toHaveAttribute('aria-expanded', 'true');
    const stored = await app.call('listLinks', { id: claim.id });
    expect(stored.outgoing).toHaveLength(1);
    expect(stored.outgoing[0]).toMatchObject({ relation: 'contradicts', rationale: 'The survey gives an exact figure the column only bounds.', to: { id: measured.id } });
    await page.screenshot({ path: screenshotPath('reader-backlinks') });

    // Linking the same pair the same way again says so in the dialog.
    await item.getByRole('button', { name: 'Link…' }).click();
    await search.pressSequentially('surveyors measured');
    await expect(dialog.getByRole('option').filter({ hasText: 'Surveyors measured' })).toBeVisible();
    await page.keyboard.press('Enter');
    await dialog.getByRole('radio', { name: 'contradicts' }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/already/i);
    // The refusal is an HTTP 409, which the browser logs: expected here, and only here.
    expect(consoleErrors).toEqual([expect.stringContaining('409 (Conflict)')]);
    consoleErrors.length = 0;
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(item.getByRole('button', { name: 'Link…' })).toBeFocused();

    // Dark: the dialog and the links read as well.
    await useTheme(page, 'dark');
    await item.getByRole('button', { name: '1 link' }).click();
    await expect(links).toContainText('contradicts →');
    await page.screenshot({ path: screenshotPath('reader-backlinks-dark') });
    await item.getByRole('button', { name: 'Link…' }).click();
    await search.pressSequentially('surveyors');
    await expect(dialog.getByRole('option').filter({ hasText: 'Surveyors measured' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('reader-link-dialog-dark') });
    await page.keyboard.press('Escape');
    await useTheme(page, 'light');

    // The other side: the link opens the survey at its passage, which shows where it is linked from.
    await item.getByRole('button', { name: '1 link' }).click();
    await links.getByRole('link', { name: /Surveyors measured/ }).click();
    await expect(page).toHaveURL(new RegExp(`#/article/${survey.id}/highlight/${measured.id}$`));
    const other = panelOf(page).locator(`[data-panel-highlight="${measured.id}"]`);
    await other.getByRole('button', { name: '1 link' }).click();
    const otherLinks = other.getByRole('region', { name: 'Links and notes' });
    await expect(otherLinks).toContainText('← contradicted by');
    await expect(otherLinks).toContainText(SAMPLE_CLAIM);
    await expect(otherLinks).toContainText('Russia’s Ally Belarus Draws Closer to Iran');

    // Change the relation from this side: the column now supports the survey's figure.
    await otherLinks.getByRole('button', { name: /^Edit the link/ }).click();
    await otherLinks.getByRole('combobox', { name: 'Relation' }).selectOption('supports');
    await otherLinks.getByRole('textbox', { name: 'Why' }).fill('More than 1,000 km agrees with 1,084 km.');
    await otherLinks.getByRole('button', { name: 'Save' }).click();
    await expect(otherLinks).toContainText('← supported by');
    await expect(otherLinks).toContainText('More than 1,000 km agrees with 1,084 km.');
    const changed = await app.call('listLinks', { id: measured.id });
    expect(changed.incoming[0]).toMatchObject({ relation: 'supports', rationale: 'More than 1,000 km agrees with 1,084 km.', from: { id: claim.id } });

    // Delete it; Undo makes it again.
    await otherLinks.getByRole('button', { name: /^Delete the link/ }).click();
    await expect(otherLinks).toContainText('Link deleted.');
    expect((await app.call('listLinks', { id: measured.id })).incoming).toHaveLength(0);
    await otherLinks.getByRole('button', { name: 'Undo' }).click();
    await expect(otherLinks).toContainText('← supported by');
    expect((await app.call('listLinks', { id: measured.id })).incoming).toHaveLength(1);
    await otherLinks.getByRole('button', { name: /^Delete the link/ }).click();
    await expect(otherLinks).not.toContainText('supported by');
    expect((await app.call('listLinks', { id: claim.id })).outgoing).toHaveLength(0);
    expect(consoleErrors).toEqual([]);
  });

  test('a highlight is quoted into a note with its formatting; deleting a linked highlight asks first', async ({ page, app, consoleErrors }) => {
    const { sample, survey } = await clipBoth(app, 'borders-quoted');
    const column = await app.call('createHighlight', { articleId: sample.id, exact: 'Ukraine announced that it was building a reinforced concrete wall', color: 'green' });
    const measured = await app.call('createHighlight', { articleId: survey.id, exact: SURVEY_PASSAGE, color: 'pink' });
    await app.call('createLink', { from: column.id, to: measured.id, relation: 'related', rationale: 'The wall runs along the surveyed line.' });
    await openReader(page, app, survey.id);
    const panel = panelOf(page);
    const item = panel.locator(`[data-panel-highlight="${measured.id}"]`);

    // The toolbar of a highlight clicked in the text links it too; Esc closes, focus stays on the highlight.
    await page.locator(`[data-reader] [data-highlight-id="${measured.id}"]`).first().click();
    await page.getByRole('toolbar', { name: 'Change the highlight' }).getByRole('button', { name: 'Link…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link this passage' });
    await expect(dialog.getByRole('combobox')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(item.locator('.panel-quote')).toBeFocused();

    // Quote into a new note: a status offers to open it.
    await item.getByRole('button', { name: 'Quote…' }).click();
    const picker = page.getByRole('dialog', { name: 'Quote into a note' });
    await expect(picker.getByRole('button', { name: /New note/ })).toBeFocused();
    await page.screenshot({ path: screenshotPath('reader-quote-picker') });
    await page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    const status = page.getByRole('status').filter({ hasText: 'Quoted into' });
    const open = status.getByRole('link', { name: 'Open the note' });
    await expect(open).toBeVisible();
    const noteId = /#\/note\/([a-z2-7]{16})$/.exec((await open.getAttribute('href')) ?? '')?.[1];
    expect(noteId).toBeTruthy();

    // The note holds the passage as a quote, its bold and italics kept, pointing at its source.
    const note = await app.call('getNote', { id: noteId! });
    const quote = note.doc.content?.find((node) => node.type === 'passageQuote');
    expect(quote?.attrs).toMatchObject({ highlightId: measured.id, articleId: survey.id });
    const runs = (quote?.content ?? []).flatMap((paragraph) => paragraph.content ?? []);
    expect(runs.map((run) => run.text).join('')).toBe(SURVEY_PASSAGE);
    expect(runs.find((run) => run.text === 'Belarus–Ukraine border')?.marks?.map((mark) => mark.type)).toContain('bold');
    expect(runs.find((run) => run.text === '1,084 kilometres')?.marks?.map((mark) => mark.type)).toContain('italic');

    // The palette quotes the active highlight into a note that exists.
    await item.locator('.panel-quote').click();
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search or run a command' }).fill('quote the highlight');
    await page.keyboard.press('Enter');
    await expect(picker.getByRole('listitem')).not.toHaveCount(1);
    await page.keyboard.press('ArrowDown');
    await expect(picker.locator('button:focus')).toContainText(note.title || 'Untitled note');
    await page.keyboard.press('Enter');
    // The first quote's status may still be showing: wait for the note itself.
    const quotesInNote = async () => (await app.call('getNote', { id: noteId! })).doc.content?.filter((node) => node.type === 'passageQuote').length;
    await expect.poll(quotesInNote).toBe(2);

    // The panel counts what refers to the highlight.
    await page.reload();
    await expect(item.getByRole('button', { name: '1 link · 1 note' })).toBeVisible();
    await item.getByRole('button', { name: '1 link · 1 note' }).click();
    await expect(item.getByRole('region', { name: 'Links and notes' }).getByRole('link', { name: note.title || 'Untitled note' })).toHaveAttribute('href', `#/note/${noteId}`);

    // Deleting it asks first, with Cancel focused; Esc keeps the highlight.
    await item.locator('.panel-quote').click();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('alertdialog', { name: 'Delete this highlight?' });
    await expect(confirm).toContainText('This highlight is linked to 1 passage and cited in 1 note. They will keep its quote and say it was deleted.');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.screenshot({ path: screenshotPath('reader-delete-confirm') });
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(page.locator(`[data-reader] [data-highlight-id="${measured.id}"]`).first()).toBeVisible();
    expect(await app.call('listHighlights', { articleId: survey.id })).toContainEqual(expect.objectContaining({ id: measured.id }));

    // Confirmed: it goes (with Undo), and the other side keeps its quote, marked deleted.
    await item.getByRole('button', { name: 'Delete this highlight' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator(`[data-reader] [data-highlight-id="${measured.id}"]`)).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Highlight deleted.' })).toBeVisible();
    await openReader(page, app, sample.id);
    const columnItem = panelOf(page).locator(`[data-panel-highlight="${column.id}"]`);
    await columnItem.getByRole('button', { name: '1 link' }).click();
    const columnLinks = columnItem.getByRole('region', { name: 'Links and notes' });
    await expect(columnLinks).toContainText('is related to →');
    await expect(columnLinks).toContainText(SURVEY_PASSAGE);
    await expect(columnLinks).toContainText('passage deleted');
    await expect(columnLinks.getByRole('link', { name: /Surveyors measured/ })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('reader-backlinks-deleted') });
    expect((await app.call('getNote', { id: noteId! })).references.find((reference) => reference.targetId === measured.id)?.missing).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
