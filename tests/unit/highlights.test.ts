import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { NotebookError } from '../../src-main/common/errors';
import { openNotebook } from '../../src-main/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath, tempDir } from '../support/temp';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
  return { code, out, err };
}

const PASSAGES = {
  afterInsert: 'Indeed, the literal translation of the word Belarus is White Russia.',
  quotes: 'Thirty years after the start of relations “the two countries have the will to strengthen cooperation,” Raisi stated',
  emphasis: 'the first such visit in 17 years',
  border: 'its border with Belarus, which is more than 1,000 kilometres long.',
  deleted: 'Meanwhile, Putin has been forced to embrace Iran because he finds himself totally isolated on the global stage following the invasion of Ukraine.',
};

describe('highlights that survive a changed page', () => {
  const data = tempDir();
  let site: PageServer;
  let version = 1;
  let articleId = '';
  beforeAll(async () => {
    site = await startPageServer({
      '/post.html': (_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(fixturePath(version === 1 ? 'srebrnik-belarus-iran.html' : 'srebrnik-belarus-iran.v2.html'))),
    });
  });
  afterAll(async () => {
    await site.close();
    data.cleanup();
  });

  it('highlights passages from the command line, by quote', async () => {
    const clipped = await cli(['clip', site.url('/post.html'), '--json', '--data', data.dir]);
    articleId = JSON.parse(clipped.out[0]).id;
    for (const [name, quote] of Object.entries(PASSAGES)) {
      const run = await cli(['highlight', articleId, '--quote', quote, '--comment', name, ...(name === 'border' ? ['--claim', '--color', 'pink'] : []), '--json', '--data', data.dir]);
      expect(run.err).toEqual([]);
      const highlight = JSON.parse(run.out[0]);
      expect(highlight).toMatchObject({ quote: { exact: quote }, comment: name, placement: { status: 'exact', text: quote } });
      expect(highlight.quote.prefix.length).toBeLessThanOrEqual(32);
    }
    const listed = await cli(['highlights', articleId, '--json', '--data', data.dir]);
    expect(listed.out.map((line) => JSON.parse(line).comment)).toEqual(['afterInsert', 'border', 'deleted', 'emphasis', 'quotes']);
    const border = JSON.parse(listed.out[1]);
    expect(border).toMatchObject({ isClaim: true, color: 'pink' });
  });

  it('refuses an ambiguous quote, saying how many places match', async () => {
    const run = await cli(['highlight', articleId, '--quote', 'Belarus', '--data', data.dir]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/occurs in \d+ places: add --prefix or --suffix/);
    const chosen = await cli(['highlight', articleId, '--quote', 'Belarus', '--prefix', 'the literal translation of the word ', '--json', '--data', data.dir]);
    expect(JSON.parse(chosen.out[0]).quote.prefix).toMatch(/translation of the word $/);
  });

  it('re-clips the edited page and reports how each highlight re-anchored', async () => {
    version = 2;
    const run = await cli(['reclip', articleId, '--data', data.dir]);
    expect(run.code).toBe(0);
    expect(run.out[1]).toMatch(/^Highlights: \d+ exact, \d+ moved, 1 fuzzy, 1 orphaned$/);

    const notebook = openNotebook(data.dir);
    const highlights = await notebook.service.listHighlights({ articleId });
    const by = (comment: string) => highlights.find((highlight) => highlight.comment === comment)!;
    expect(['exact', 'moved']).toContain(by('afterInsert').placement.status);
    expect(by('afterInsert').placement.text).toBe(PASSAGES.afterInsert);
    expect(['exact', 'moved']).toContain(by('quotes').placement.status);
    expect(by('quotes').placement.text).toBe(PASSAGES.quotes.replaceAll('“', '"').replaceAll('”', '"'));
    expect(['exact', 'moved']).toContain(by('emphasis').placement.status);
    expect(by('border').placement).toMatchObject({ status: 'fuzzy', text: 'its border with Belarus, which is about 1,084 kilometres long.' });
    expect(by('border').quote.exact).toBe(PASSAGES.border);
    expect(by('deleted').placement).toMatchObject({ status: 'orphan', start: null, text: null });
    // Orphans are never deleted, and are listed after the placed highlights.
    expect(highlights.at(-1)!.comment).toBe('deleted');
    // On the older capture, every highlight is where it was made.
    const [, older] = await notebook.service.listCaptures({ id: articleId });
    const onOlder = await notebook.service.listHighlights({ articleId, captureId: older.id });
    expect(onOlder.every((highlight) => highlight.placement.status === 'exact')).toBe(true);
    notebook.close();
  });

  it('edits comments, colour and claim mark, re-attaches an orphan to a new range, and deletes', async () => {
    const notebook = openNotebook(data.dir);
    const highlights = await notebook.service.listHighlights({ articleId });
    const orphan = highlights.find((highlight) => highlight.placement.status === 'orphan')!;
    const { text } = await notebook.service.getArticle({ id: articleId });
    const start = text.indexOf('The closer ties between Russia and Iran');
    const reattached = await notebook.service.updateHighlight({ id: orphan.id, start, end: start + 39, comment: 'moved by hand', color: 'green', isClaim: true });
    expect(reattached).toMatchObject({ comment: 'moved by hand', color: 'green', isClaim: true, placement: { status: 'exact', text: 'The closer ties between Russia and Iran' } });
    await expect(notebook.service.updateHighlight({ id: orphan.id, start: 5, end: 5 })).rejects.toBeInstanceOf(NotebookError);
    expect(await notebook.service.deleteHighlight({ id: orphan.id })).toEqual({ deleted: orphan.id });
    expect((await notebook.service.listHighlights({ articleId })).some((highlight) => highlight.id === orphan.id)).toBe(false);
    await expect(notebook.service.updateHighlight({ id: orphan.id, color: 'blue' })).rejects.toThrow(/No highlight has the id/);
    notebook.close();
  });

  it('undoes a deletion for a day, then removes the highlight for good', async () => {
    const deletedAt = Date.now();
    const notebook = openNotebook(data.dir);
    const [first] = await notebook.service.listHighlights({ articleId });
    await notebook.service.deleteHighlight({ id: first.id });
    const restored = await notebook.service.restoreHighlight({ id: first.id });
    expect(restored).toMatchObject({ id: first.id, comment: first.comment, color: first.color, placement: { status: first.placement.status, text: first.placement.text } });
    await expect(notebook.service.restoreHighlight({ id: first.id })).rejects.toThrow(/No recently deleted highlight/);
    await notebook.service.deleteHighlight({ id: first.id });
    notebook.close();

    const nextDay = openNotebook(data.dir, { now: () => new Date(deletedAt + 25 * 60 * 60 * 1000) });
    await expect(nextDay.service.restoreHighlight({ id: first.id })).rejects.toThrow(/No recently deleted highlight/);
    expect(nextDay.db.prepare('SELECT (SELECT count(*) FROM highlight WHERE id = ?) + (SELECT count(*) FROM object WHERE id = ?) AS n').get(first.id, first.id)).toEqual({ n: 0 });
    expect(nextDay.db.prepare('SELECT count(*) AS n FROM highlight WHERE deleted_at IS NOT NULL').get()).toEqual({ n: 0 });
    nextDay.close();
  });

  it('places a highlight made on the newest capture on an older one when that is opened', async () => {
    const notebook = openNotebook(data.dir);
    const made = await notebook.service.createHighlight({ articleId, exact: 'Heavily dependent on Moscow for money, fuel and security assistance' });
    const [, older] = await notebook.service.listCaptures({ id: articleId });
    // The older capture lacks the paragraph v2 inserted before it, so it sits earlier there.
    const onOlder = (await notebook.service.listHighlights({ articleId, captureId: older.id })).find((highlight) => highlight.id === made.id)!;
    expect(onOlder.placement).toMatchObject({ captureId: older.id, status: 'moved', text: 'Heavily dependent on Moscow for money, fuel and security assistance' });
    notebook.close();
  });

  it('goes with its article when the trash is emptied', async () => {
    const notebook = openNotebook(data.dir);
    await notebook.service.trashArticle({ id: articleId });
    // Kept while the article is in the trash.
    expect((await notebook.service.listHighlights({ articleId })).length).toBeGreaterThan(0);
    await notebook.service.emptyTrash({});
    expect(notebook.db.prepare("SELECT (SELECT count(*) FROM highlight) + (SELECT count(*) FROM highlight_anchor) + (SELECT count(*) FROM object WHERE kind = 'highlight') AS n").get()).toEqual({ n: 0 });
    notebook.close();
  });
});
