/**
 * The claims list and the graph of claims, on a notebook of this spec's own: the worker's is
 * shared with other specs, which expect the sample article as they left it.
 */

import type { Locator, Page } from '@playwright/test';
import type { Highlight } from '../../src-main/common/model';
import { clipFixture, expect, screenshotPath, startApp, test } from './fixtures';

type Notebook = Awaited<ReturnType<typeof startApp>>;

/** A second source, from its own site, that bears on the sample's claims. */
const OBSERVER = `<!doctype html>
<html lang="en"><head><title>Minsk keeps its distance</title>
<meta property="og:site_name" content="The Minsk Observer">
<meta name="author" content="Alena Zhuk">
</head><body><article>
<h1>Minsk keeps its distance</h1>
<p>Minsk has kept its own army out of the fighting, and its officials insist it will stay out.</p>
<p>Yet Belarusian units have been drilling near the Ukrainian border all winter, alongside Russian troops.</p>
<p>Tehran’s nuclear ambitions are older than its friendship with Moscow, and will outlast it.</p>
</article></body></html>`;
const OBSERVER_HOST = 'minsk-observer.example';

const PRESSURE = 'Lukashenko is widely believed to be under growing Russian pressure to get more involved in the Ukraine war.';
const PRESSURE_STATEMENT = 'Moscow is pushing Belarus into the war';
const NUCLEAR = 'Iran wants Russia to help it speed up its nuclear program.';
const DRONES = 'it is supplying Moscow with drones and the personnel to train its forces to use them.';
const MILITARY = 'They have close military relations.';
const STAYS_OUT = 'Minsk has kept its own army out of the fighting, and its officials insist it will stay out.';
const DRILLING = 'Belarusian units have been drilling near the Ukrainian border all winter';
const OLDER = 'Tehran’s nuclear ambitions are older than its friendship with Moscow';

interface Seeded {
  sampleId: string;
  /** Supported twice, from two articles, and contradicted once: contested. */
  pressure: Highlight;
  /** Supported once. */
  nuclear: Highlight;
  /** Only related to another claim. */
  older: Highlight;
  staysOut: Highlight;
}

async function seed(app: Notebook): Promise<Seeded> {
  const sample = await clipFixture(app, 'srebrnik-belarus-iran.html');
  const observer = await app.call('clipHtml', { html: OBSERVER, url: `https://${OBSERVER_HOST}/2023/distance` });
  await app.call('setTags', { id: sample.id, tags: [...sample.tags, 'claims-e2e'] });
  const highlight = (articleId: string, exact: string, isClaim = false) => app.call('createHighlight', { articleId, exact, isClaim });

  const pressure = await highlight(sample.id, PRESSURE, true);
  await app.call('updateHighlight', { id: pressure.id, statement: PRESSURE_STATEMENT });
  const nuclear = await highlight(sample.id, NUCLEAR, true);
  const drones = await highlight(sample.id, DRONES);
  const military = await highlight(sample.id, MILITARY);
  const staysOut = await highlight(observer.id, STAYS_OUT);
  const drilling = await highlight(observer.id, DRILLING);
  const older = await highlight(observer.id, OLDER, true);

  await app.call('createLink', { from: drilling.id, to: pressure.id, relation: 'supports', rationale: 'Troops on the border are a step towards the war.' });
  await app.call('createLink', { from: military.id, to: pressure.id, relation: 'supports' });
  await app.call('createLink', { from: staysOut.id, to: pressure.id, relation: 'contradicts' });
  await app.call('createLink', { from: drones.id, to: nuclear.id, relation: 'supports' });
  await app.call('createLink', { from: older.id, to: nuclear.id, relation: 'related' });
  return { sampleId: sample.id, pressure, nuclear, older, staysOut };
}

/** A third source, for the test that links from the list. */
const ALMANAC = `<!doctype html>
<html lang="en"><head><title>A river almanac</title></head><body><article>
<h1>A river almanac</h1>
<p>The Pripyat floods every spring, turning the lowlands into a lake.</p>
<p>In 2020 the snow was thin and the marshes stayed dry through April.</p>
</article></body></html>`;

const cardOf = (page: Page, claim: Highlight): Locator => page.locator(`[data-claim="${claim.id}"]`);

/** The claims' ids in the order the list shows them, of those asked about. */
async function orderOf(page: Page, claims: Highlight[]): Promise<string[]> {
  const shown = await page.locator('[data-claim]').evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.claim!));
  return shown.filter((id) => claims.some((claim) => claim.id === id));
}

/** Screenshots and colours do not depend on the machine's theme. */
async function useLightTheme(page: Page) {
  await page.evaluate(() => localStorage.setItem('commonplace.reading', JSON.stringify({ theme: 'light' })));
  await page.reload();
}

/** The cytoscape instance drawing the graph: cytoscape keeps it on its container as `_cyreg.cy`. */
type GraphProbe = { nodes: Array<{ id: string; x: number; y: number; color: string }>; edges: Array<{ from: string; to: string; relation: string }> };
async function probeGraph(page: Page): Promise<GraphProbe> {
  return page.locator('[data-graph]').evaluate((container) => {
    const cy = (container as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy;
    return {
      nodes: cy.nodes().map((node) => ({ id: node.id(), ...node.renderedPosition(), color: node.style('color') as string })),
      edges: cy.edges().map((edge) => ({ from: edge.source().id(), to: edge.target().id(), relation: edge.data('relation') as string })),
    };
  });
}

test.describe('claims and the graph of claims', () => {
  let app: Notebook;
  let seeded: Seeded;
  test.beforeAll(async () => {
    app = await startApp('commonplace-e2e-claims-');
    seeded = await seed(app);
  });
  test.afterAll(async () => app.close());

  test('with no claims, both views say how to make one', async ({ page, consoleErrors }) => {
    const empty = await startApp('commonplace-e2e-claims-');
    try {
      await page.goto(empty.url);
      await page.goto(`${empty.origin}/#/claims`);
      await expect(page.getByRole('heading', { name: 'No claims yet' })).toBeVisible();
      await expect(page.getByText(/Mark a highlight as a claim in the reader/)).toBeVisible();
      await page.screenshot({ path: screenshotPath('claims-empty') });
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Graph' }).click();
      await expect(page.getByRole('heading', { name: 'No claims to draw yet' })).toBeVisible();
      await page.screenshot({ path: screenshotPath('graph-empty') });
    } finally {
      await empty.close();
    }
    expect(consoleErrors).toEqual([]);
  });

  test('the claims list counts, filters and sorts claims, and opens one in its article', async ({ page, consoleErrors }) => {
    const { pressure, nuclear, older } = seeded;
    await page.goto(app.url);
    await useLightTheme(page);
    await page.goto(`${app.origin}/#/claims`);
    await expect(page.getByRole('group', { name: 'Filter and sort claims' }).getByRole('status')).toHaveText('3 claims');

    // Each claim: the statement over its quote (or the quote alone), its source, and the tally.
    const pressureCard = cardOf(page, pressure);
    await expect(pressureCard).toContainText(PRESSURE_STATEMENT);
    await expect(pressureCard).toContainText(PRESSURE);
    await expect(pressureCard).toContainText('Russia’s Ally Belarus Draws Closer to Iran');
    await expect(pressureCard).toContainText('2 supporting · 1 contradicting · from 2 sources');
    await expect(pressureCard.getByText('Contested', { exact: true })).toBeVisible();
    await expect(cardOf(page, nuclear)).toContainText('1 supporting · 0 contradicting · from 1 source');
    await expect(cardOf(page, nuclear).getByText('Contested', { exact: true })).toHaveCount(0);
    await expect(cardOf(page, older)).toContainText('The Minsk Observer');
    await expect(cardOf(page, older)).toContainText('1 link, none supporting or contradicting it');
    await page.screenshot({ path: screenshotPath('claims'), fullPage: true });

    // Most linked first (the default), most recent first when asked.
    expect(await orderOf(page, [pressure, nuclear, older])).toEqual([pressure.id, nuclear.id, older.id]);
    await page.getByLabel('Sort by').selectOption({ label: 'Recent' });
    await expect.poll(() => orderOf(page, [pressure, nuclear, older])).toEqual([older.id, nuclear.id, pressure.id]);
    await page.getByLabel('Sort by').selectOption({ label: 'Most linked' });
    await expect.poll(() => orderOf(page, [pressure, nuclear, older])).toEqual([pressure.id, nuclear.id, older.id]);

    // Contested: only claims both supported and contradicted, and the address says so.
    await page.getByRole('button', { name: 'Contested' }).click();
    await expect(page).toHaveURL(/#\/claims\?contested$/);
    await expect(cardOf(page, nuclear)).toHaveCount(0);
    await expect(pressureCard).toBeVisible();
    for (const card of await page.locator('[data-claim]').all()) await expect(card.getByText('Contested', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Contested' })).toHaveAttribute('aria-pressed', 'true');
    await expect(cardOf(page, nuclear)).toHaveCount(0);
    await page.getByRole('button', { name: 'Contested' }).click();
    await expect(page).toHaveURL(/#\/claims$/);
    await expect(cardOf(page, nuclear)).toBeVisible();

    // A tag narrows to the claims of the articles that carry it.
    await page.getByLabel('Tag').selectOption('claims-e2e');
    await expect(cardOf(page, older)).toHaveCount(0);
    await expect(pressureCard).toBeVisible();
    await expect(cardOf(page, nuclear)).toBeVisible();
    await page.getByLabel('Tag').selectOption('');

    // A site narrows to its articles' claims; with contested on too, nothing is left, and the page says why.
    await page.getByLabel('Site').fill(OBSERVER_HOST);
    await expect(page.locator('[data-claim]')).toHaveCount(1);
    await expect(cardOf(page, older)).toBeVisible();
    await expect(page.getByRole('group', { name: 'Filter and sort claims' }).getByRole('status')).toHaveText('1 claim');
    await page.getByRole('button', { name: 'Contested' }).click();
    await expect(page.getByRole('heading', { name: `No contested claims from “${OBSERVER_HOST}”` })).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/#\/claims$/);
    await expect(page.getByLabel('Site')).toHaveValue('');
    await expect(pressureCard).toBeVisible();

    // The article choice lists the articles claims come from.
    await page.getByLabel('Article').selectOption({ label: 'Minsk keeps its distance' });
    await expect(page.locator('[data-claim]')).toHaveCount(1);
    await page.getByLabel('Article').selectOption('');

    // The palette offers the view's commands.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('sort claims recent');
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Sort by')).toHaveValue('recent');

    // Its links unfold under it.
    await pressureCard.getByRole('button', { name: /Show links/ }).click();
    await expect(pressureCard).toContainText('Troops on the border are a step towards the war.');
    await pressureCard.getByRole('button', { name: 'Hide links' }).click();

    // Clicking a claim opens the reader at its highlight.
    await pressureCard.getByRole('link', { name: PRESSURE_STATEMENT }).click();
    await expect(page).toHaveURL(new RegExp(`#/article/${seeded.sampleId}/highlight/${pressure.id}$`));
    await expect(page.locator(`[data-reader] [data-highlight-id="${pressure.id}"]`).first()).toBeInViewport();
    expect(consoleErrors).toEqual([]);
  });

  test('a claim is linked from the list, and its tally follows', async ({ page, consoleErrors }) => {
    const almanac = await app.call('clipHtml', { html: ALMANAC, url: 'https://almanac.example.org/rivers' });
    const claim = await app.call('createHighlight', { articleId: almanac.id, exact: 'The Pripyat floods every spring', isClaim: true });
    await app.call('createHighlight', { articleId: almanac.id, exact: 'the marshes stayed dry through April' });
    await page.goto(app.url);
    await page.goto(`${app.origin}/#/claims`);
    const card = page.locator(`[data-claim="${claim.id}"]`);
    await expect(card).toContainText('Not linked yet');
    await card.getByRole('button', { name: 'Link…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link this passage' });
    await dialog.getByLabel('contradicts', { exact: true }).check();
    await dialog.getByRole('combobox').fill('marshes stayed dry');
    await dialog.getByRole('option').first().click();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toContainText('0 supporting · 1 contradicting · from 1 source');
    await expect(card.getByRole('button', { name: 'Show links (1)' })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('the graph draws claims and links, follows the theme, and opens a passage when clicked', async ({ page, consoleErrors }) => {
    const { pressure, nuclear, staysOut } = seeded;
    await page.goto(app.url);
    await useLightTheme(page);
    await page.goto(`${app.origin}/#/graph`);
    await expect(page.locator('[data-graph] canvas').first()).toBeVisible();

    const graph = await probeGraph(page);
    const ids = graph.nodes.map((node) => node.id);
    expect(ids).toEqual(expect.arrayContaining([pressure.id, nuclear.id]));
    expect(graph.edges).toContainEqual({ from: staysOut.id, to: pressure.id, relation: 'contradicts' });
    expect(graph.edges.filter((edge) => edge.to === pressure.id)).toHaveLength(3);

    // The same links in words, each side a link to its passage.
    const relations = page.getByRole('region', { name: /^Links \d/ });
    const sentence = relations.getByRole('listitem').filter({ hasText: `contradicts “${PRESSURE_STATEMENT}”` });
    await expect(sentence).toContainText(STAYS_OUT);
    await expect(sentence.getByRole('link', { name: PRESSURE_STATEMENT })).toHaveAttribute('href', `#/article/${pressure.articleId}/highlight/${pressure.id}`);
    await page.screenshot({ path: screenshotPath('graph'), fullPage: true });

    // Switched to dark (light → sepia → dark), the graph is drawn again in the dark theme's colours.
    const themeButton = page.getByRole('button', { name: /^Theme:/ });
    await themeButton.click();
    await themeButton.click();
    await expect(themeButton).toHaveText('Theme: dark');
    const darkText = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--text').trim());
    const toRgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(',')})`;
    const dark = await probeGraph(page);
    expect(dark.nodes.find((node) => node.id === pressure.id)!.color).toBe(toRgb(darkText));
    await page.screenshot({ path: screenshotPath('graph-dark'), fullPage: true });
    await page.goto(`${app.origin}/#/claims`);
    await expect(page.locator(`[data-claim="${pressure.id}"]`)).toBeVisible();
    await page.screenshot({ path: screenshotPath('claims-dark'), fullPage: true });

    // Pointing at a node shows where it comes from; clicking it opens the passage in the reader.
    await page.goto(`${app.origin}/#/graph`);
    await expect(page.locator('[data-graph] canvas').first()).toBeVisible();
    const box = (await page.locator('[data-graph]').boundingBox())!;
    const node = (await probeGraph(page)).nodes.find((found) => found.id === nuclear.id)!;
    await page.mouse.move(box.x + node.x, box.y + node.y);
    const tooltip = page.locator('.graph-tooltip');
    await expect(tooltip).toContainText(NUCLEAR);
    await expect(tooltip).toContainText('Russia’s Ally Belarus Draws Closer to Iran · Professor Henry Srebrnik');
    await page.screenshot({ path: screenshotPath('graph-tooltip-dark') });
    await page.mouse.click(box.x + node.x, box.y + node.y);
    await expect(page).toHaveURL(new RegExp(`#/article/${nuclear.articleId}/highlight/${nuclear.id}$`));
    await expect(page.locator(`[data-reader] [data-highlight-id="${nuclear.id}"]`).first()).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
