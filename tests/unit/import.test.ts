import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { runImport } from '../../src-main/import/run-import';
import { openNotebook } from '../../src-main/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath, tempDir } from '../support/temp';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
  return { code, out, err };
}

describe('running an import', () => {
  it('fetches at most 4 at once and at most 1 per host, and goes on past failures', async () => {
    let running = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let peakPerHost = 0;
    const items = Array.from({ length: 24 }, (_, i) => ({ url: `https://host${i % 6}.example/${i}`, tags: [] }));
    const result = await runImport(items, {
      isStored: (url) => url.endsWith('/0'),
      clip: async (item) => {
        const host = new URL(item.url).host;
        running++;
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        peak = Math.max(peak, running);
        peakPerHost = Math.max(peakPerHost, perHost.get(host)!);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        perHost.set(host, perHost.get(host)! - 1);
        if (item.url.endsWith('/5')) throw new Error('HTTP 404');
      },
      onProgress: () => undefined,
    });
    expect(peak).toBe(4);
    expect(peakPerHost).toBe(1);
    expect(result).toEqual({ clipped: 22, skipped: 1, failures: [{ url: 'https://host5.example/5', reason: 'HTTP 404' }] });
  });
});

describe('importing from the command line', () => {
  const data = tempDir();
  let site: PageServer;
  beforeAll(async () => {
    const sample = readFileSync(fixturePath('srebrnik-belarus-iran.html'), 'utf8');
    // Three different articles on one host, each with its own canonical address.
    const page = (n: number) => ({ body: sample.replaceAll('russias-ally-belarus-draws-closer-to.html', `post-${n}.html`) });
    site = await startPageServer({ '/1': page(1), '/2': page(2), '/3': page(3) });
  });
  afterAll(async () => {
    await site.close();
    data.cleanup();
  });

  it('imports Pocket’s CSV with tags, saved date and state, reports progress and failures, exits 1', async () => {
    const csv = join(data.dir, 'pocket.csv');
    writeFileSync(
      csv,
      `title,url,time_added,tags,status\nOne,${site.url('/1')},1680000000,belarus|iran,archive\nTwo,${site.url('/2')},1680000100,,unread\nGone,${site.url('/gone')},1680000200,,unread\n`,
    );
    const run = await cli(['import', csv, '--data', join(data.dir, 'nb')]);
    expect(run.code).toBe(1);
    expect(run.err.filter((line) => /^\[\d\/3\] /.test(line))).toHaveLength(3);
    expect(run.err).toContain('Clipped 2, skipped 0 already in the library, 1 failed.');
    expect(run.err.at(-1)).toMatch(new RegExp(`${site.url('/gone')}: .*HTTP 404`));

    const notebook = openNotebook(join(data.dir, 'nb'));
    const articles = await notebook.service.listArticles({});
    const one = articles.find((article) => article.url?.endsWith('post-1.html'))!;
    expect(one).toMatchObject({ tags: ['belarus', 'iran'], readingState: 'archived', clippedAt: '2023-03-28T10:40:00.000Z' });
    notebook.close();
  });

  it('skips what is already stored when run again', async () => {
    const list = join(data.dir, 'urls.txt');
    writeFileSync(list, `${site.url('/1')}\n${site.url('/3')}\n`);
    const run = await cli(['clip', '--from', list, '--data', join(data.dir, 'nb')]);
    expect(run.code).toBe(0);
    expect(run.err).toContain('Clipped 1, skipped 1 already in the library, 0 failed.');
  });

  it('imports a folder of saved pages', async () => {
    const folder = join(data.dir, 'saved');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.html'), readFileSync(fixturePath('windows-1251.html')));
    writeFileSync(join(folder, 'b.html'), readFileSync(fixturePath('shift_jis.html')));
    writeFileSync(join(folder, 'notes.txt'), 'not a page');
    writeFileSync(join(folder, 'broken.html'), 'no markup at all');
    const run = await cli(['import', folder, '--json', '--data', join(data.dir, 'folder-nb')]);
    expect(run.code).toBe(1);
    expect(run.out.map((line) => JSON.parse(line).title).sort()).toEqual(['Беларусь и Иран: дорожная карта', 'ベラルーシとイランの接近']);
    expect(run.err.at(-1)).toMatch(/broken\.html: .*does not look like an HTML page/);
  });
});
