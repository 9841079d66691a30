import { afterAll, describe, expect, it } from 'vitest';
import { openNotebook } from '../../src-main/notebook';
import { fixtureBase64 } from '../support/notebook';
import { tempDir } from '../support/temp';

describe('one notebook opened twice', () => {
  const data = tempDir();
  afterAll(() => data.cleanup());

  it('lets two connections (the app and the CLI, say) clip at once and see each other’s articles', async () => {
    const app = openNotebook(data.dir);
    const cli = openNotebook(data.dir);
    const sample = Buffer.from(fixtureBase64('srebrnik-belarus-iran.html'), 'base64').toString('utf8');
    // Six different pages: each names its own canonical address.
    const page = (i: number) => Buffer.from(sample.replaceAll('russias-ally-belarus-draws-closer-to.html', `page-${i}.html`)).toString('base64');
    const clips = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? app : cli).service.clipFile({ fileName: `copy-${i}.html`, contentBase64: page(i) })),
    );
    expect(new Set(clips.map((clip) => clip.id)).size).toBe(6);
    expect((await app.service.listArticles({})).length).toBe(6);
    expect((await cli.service.listArticles({})).length).toBe(6);
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    app.close();
    cli.close();
  });
});
