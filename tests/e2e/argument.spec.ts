/**
 * The claims-and-notes story, end to end, through the UI: two articles on one subject, a claim
 * marked in each, the two linked (contradicts, with a rationale), a note citing both with
 * [[, backlinks on both claims and on the note, the contested filter, the graph, and search
 * finding a claim by its restatement.
 */
import type { Page } from '@playwright/test';
import type { App } from './fixtures';
import { clipFixture, expect, openReader, releaseMouse, screenshotPath, selectText, startApp, test } from './fixtures';

/** A second article on the subject that disputes the sample's claim of a wall along the border. */
const FORTIFICATION_REPORT = `<!doctype html>
<html lang="en"><head><title>What Ukraine is building on its northern border</title>
<meta name="author" content="Mykola Hrytsenko"><meta property="og:site_name" content="Frontier Review">
</head><body><article>
<h1>What Ukraine is building on its northern border</h1>
<p>Engineers who surveyed the Belarus–Ukraine frontier this spring found that Ukraine has fortified only selected crossings, not the whole line.</p>
<p>The border runs for 1,084 kilometres, much of it through the Pripyat marshes, where a continuous wall would sink.</p>
<p>Officials in Kyiv describe the works as checkpoints and anti-tank ditches near roads.</p>
</article></body></html>`;

const SAMPLE_CLAIM = { from: 'Ukraine announced that it was building', to: 'reinforced concrete wall' };
const SAMPLE_QUOTE = 'Ukraine announced that it was building a reinforced concrete wall';
const REPORT_CLAIM = 'Ukraine has fortified only selected crossings, not the whole line';
const RESTATEMENT = 'Kyiv is walling off its entire Belarus frontier';

async function markClaim(page: Page, app: App, articleId: string, from: string, to: string) {
  await openReader(page, app, articleId);
  await selectText(page, from, to);
  await releaseMouse(page);
  await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Claim' }).click();
  const claim = page.getByRole('complementary', { name: 'Highlights' }).locator('[data-panel-highlight]').filter({ hasText: from });
  await expect(claim.getByRole('button', { name: 'Claim', exact: true })).toHaveAttribute('aria-pressed', 'true');
  return claim;
}

// A notebook of its own: the worker's is shared with specs that expect it as they left it.
let app: Awaited<ReturnType<typeof startApp>>;
test.beforeAll(async () => {
  app = await startApp('commonplace-e2e-argument-');
});
test.afterAll(async () => {
  await app.close();
});

test('two articles argue: claims, a contradiction, a note citing both, backlinks, contested, graph and search', async ({ page }) => {
  // The whole story, across five views: longer than one view's test.
  test.setTimeout(180_000);
  const sample = await clipFixture(app, 'srebrnik-belarus-iran.html');
  const report = await app.call('clipHtml', { html: FORTIFICATION_REPORT, url: 'https://frontier-review.example/northern-border' });

  // A claim in each article, marked from the reader's selection toolbar.
  const reportClaim = await markClaim(page, app, report.id, 'Ukraine has fortified only', 'not the whole line');
  const reportId = (await reportClaim.getAttribute('data-panel-highlight'))!;
  const sampleClaim = await markClaim(page, app, sample.id, SAMPLE_CLAIM.from, SAMPLE_CLAIM.to);
  const sampleId = (await sampleClaim.getAttribute('data-panel-highlight'))!;

  // Restated in the researcher's words.
  await sampleClaim.getByRole('button', { name: /in your words/i }).click();
  await sampleClaim.getByRole('textbox', { name: 'The claim in your words' }).fill(RESTATEMENT);
  await page.keyboard.press('Enter');
  await expect(sampleClaim).toContainText(RESTATEMENT);

  // Link them: the report contradicts the sample's claim, with a rationale. The link is made
  // from the sample's side, so the dialog reads "This passage contradicts …".
  await sampleClaim.getByRole('button', { name: 'Link…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link this passage' });
  await dialog.getByRole('combobox').pressSequentially('fortified selected cross');
  await dialog.getByRole('option').filter({ hasText: 'selected crossings' }).click();
  await dialog.getByRole('radio', { name: 'contradicts' }).check();
  await dialog.getByRole('textbox', { name: /Why/ }).fill('Engineers on the ground found checkpoints, not a wall.');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog).toBeHidden();

  // A note that cites both claims with [[.
  await page.goto(`${app.origin}/#/notes`);
  await page.getByRole('button', { name: 'New note' }).first().click();
  await page.getByRole('textbox', { name: 'Title' }).fill('Is there a wall?');
  const noteText = page.getByRole('textbox', { name: 'Note text' });
  await noteText.click();
  const cite = async (words: string, expected: string) => {
    await page.keyboard.type(`[[${words}`);
    const option = page.getByRole('listbox', { name: 'Cite in the note' }).getByRole('option').first();
    await expect(option).toContainText(expected);
    await page.keyboard.press('Enter');
  };
  await page.keyboard.type('The column says ');
  await cite('reinforced concrete wall', 'reinforced concrete wall');
  await page.keyboard.type(' but the survey says ');
  await cite('fortified only selected', 'selected crossings');
  await page.keyboard.type('.');
  await expect(noteText.locator('a.reference')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const noteId = new URL(page.url()).hash.split('/').pop()!;
  await expect.poll(async () => (await app.call('getNote', { id: noteId })).references.map((reference) => reference.targetId)).toEqual([sampleId, reportId]);
  await page.screenshot({ path: screenshotPath('story-note') });

  // Backlinks on the sample's claim: the contradiction, its rationale, and the note.
  await openReader(page, app, sample.id);
  const sampleItem = page.getByRole('complementary', { name: 'Highlights' }).locator(`[data-panel-highlight="${sampleId}"]`);
  await sampleItem.getByRole('button', { name: /1 link · 1 note/ }).click();
  const sampleLinks = sampleItem.getByRole('region', { name: 'Links and notes' });
  await expect(sampleLinks).toContainText('contradicts →');
  await expect(sampleLinks).toContainText(REPORT_CLAIM);
  await expect(sampleLinks).toContainText('Engineers on the ground found checkpoints, not a wall.');
  await expect(sampleLinks.getByRole('link', { name: 'Is there a wall?' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('story-backlinks') });

  // …and on the report's claim, seen from the other side.
  await sampleLinks.getByRole('link', { name: new RegExp(REPORT_CLAIM.slice(0, 30)) }).click();
  await expect(page).toHaveURL(new RegExp(`#/article/${report.id}/highlight/${reportId}$`));
  const reportItem = page.getByRole('complementary', { name: 'Highlights' }).locator(`[data-panel-highlight="${reportId}"]`);
  await reportItem.getByRole('button', { name: /1 link · 1 note/ }).click();
  const reportLinks = reportItem.getByRole('region', { name: 'Links and notes' });
  await expect(reportLinks).toContainText('← contradicted by');
  await expect(reportLinks).toContainText(SAMPLE_QUOTE);
  await expect(reportLinks.getByRole('link', { name: 'Is there a wall?' })).toBeVisible();

  // The note shows what it cites, and a note citing it shows up under "Cited by".
  const follow = await app.call('createNote', {
    title: 'Follow-up',
    doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'reference', attrs: { targetId: noteId, kind: 'note', articleId: null, label: 'Is there a wall?' } }] }] },
  });
  await page.goto(`${app.origin}/#/note/${noteId}`);
  const noteLinks = page.getByRole('complementary', { name: 'References and citations' });
  await expect(noteLinks.getByRole('link', { name: /Ukraine announced that it was building/ })).toBeVisible();
  await expect(noteLinks.getByRole('link', { name: /selected crossings/ })).toBeVisible();
  await expect(noteLinks.getByRole('link', { name: follow.title })).toBeVisible();

  // Contested: the sample's claim is contradicted; once a passage supports it too, it is contested.
  await page.goto(`${app.origin}/#/claims`);
  const sampleCard = page.locator(`[data-claim="${sampleId}"]`);
  await expect(sampleCard).toContainText(RESTATEMENT);
  await expect(sampleCard).toContainText('1 contradicting');
  await page.getByRole('button', { name: 'Contested' }).click();
  await expect(page.locator('[data-claim]')).toHaveCount(0);
  const supporting = await app.call('createHighlight', { articleId: report.id, exact: 'Officials in Kyiv describe the works as checkpoints and anti-tank ditches near roads.' });
  await app.call('createLink', { from: supporting.id, to: sampleId, relation: 'supports', rationale: 'Anti-tank ditches are fortifications.' });
  await page.reload();
  await expect(page.locator('[data-claim]')).toHaveCount(1);
  await expect(sampleCard).toContainText('1 supporting');
  await expect(sampleCard).toContainText('1 contradicting');
  await page.screenshot({ path: screenshotPath('story-contested') });

  // The graph: both claims as nodes, and the contradiction between them as an edge.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Graph' }).click();
  await expect(page.locator('[data-graph] canvas').first()).toBeVisible();
  const graph = await page.locator('[data-graph]').evaluate((container) => {
    const cy = (container as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
    return { nodes: cy.nodes().map((node) => node.id()), edges: cy.edges().map((edge) => `${edge.source().id()} ${edge.data('relation')} ${edge.target().id()}`) };
  });
  expect(graph.nodes).toEqual(expect.arrayContaining([sampleId, reportId]));
  expect(graph.edges).toContain(`${sampleId} contradicts ${reportId}`);
  await page.screenshot({ path: screenshotPath('story-graph') });

  // Search finds the claim by its restatement (words the article never uses).
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('walling entire frontier');
  const hit = palette.getByRole('option').filter({ hasText: 'Claim' }).first();
  await expect(hit).toContainText(RESTATEMENT);
  // Enter pressed straight after typing, before the results catch up, opens the best match
  // for the whole query: not an article that only its first letters matched.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('walling entire frontier');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/article/${sample.id}/highlight/${sampleId}$`));
});
