import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath, tempDir } from '../support/temp';
import { readFileSync } from 'node:fs';

const run = promisify(execFile);
const BIN = new URL('../../src-main/bin/commonplace.mjs', import.meta.url).pathname;

/** Runs the CLI in-process, capturing what it prints. */
async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out, err };
}

describe('the command line', () => {
  const data = tempDir();
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer({ '/article': { body: readFileSync(fixturePath('srebrnik-belarus-iran.html')) } });
  });
  afterAll(async () => {
    await server.close();
    data.cleanup();
  });

  it('clips URLs and files, one JSON object per line with stable field names', async () => {
    const { code, out, err } = await cli(['clip', server.url('/article'), fixturePath('windows-1251.html'), '--json', '--data', data.dir]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    const first = JSON.parse(out[0]);
    for (const field of ['id', 'url', 'title', 'byline', 'authors', 'siteName', 'publishedAt', 'wordCount', 'clippedAt']) {
      expect(first).toHaveProperty(field);
    }
    expect(first.authors).toEqual(['Henry Srebrnik']);
    expect(first.sourceUrl).toBe(server.url('/article'));
    expect(JSON.parse(out[1]).title).toBe('Беларусь и Иран: дорожная карта');
  });

  it('lists the library, as lines and as JSON', async () => {
    const text = await cli(['list', '--data', data.dir]);
    expect(text.out.join('\n')).toContain('Russia’s Ally Belarus Draws Closer to Iran');
    const json = await cli(['list', '--json', '--data', data.dir]);
    expect(json.out.map((line) => JSON.parse(line).title)).toEqual(['Беларусь и Иран: дорожная карта', 'Russia’s Ally Belarus Draws Closer to Iran']);
  });

  it('shows an article as text and as JSON with its html and text', async () => {
    const [line] = (await cli(['list', '--json', '--data', data.dir])).out.slice(-1);
    const { id } = JSON.parse(line);
    const text = await cli(['show', id, '--text', '--data', data.dir]);
    expect(text.out.join('\n')).toContain('the first such visit in 17 years');
    const json = JSON.parse((await cli(['show', id, '--json', '--data', data.dir])).out[0]);
    expect(json.id).toBe(id);
    expect(json.html).toContain('<p>');
    expect(json.text).toContain('Belarus recently made news');
  });

  it('takes the data directory from COMMONPLACE_DATA', async () => {
    const { out } = await cli(['list', '--json'], { COMMONPLACE_DATA: data.dir });
    expect(out).toHaveLength(2);
  });

  it('reports failures on stderr with a non-zero exit, and goes on with the next input', async () => {
    const other = tempDir();
    const result = await cli(['clip', '/no/such/file.html', server.url('/article'), server.url('/missing'), '--data', other.dir]);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(2);
    expect(result.err[0]).toMatch(/\/no\/such\/file\.html: not a URL and no such file/);
    expect(result.err[1]).toMatch(/HTTP 404/);
    expect(result.out).toHaveLength(1);
    other.cleanup();
  });

  it('rejects a malformed id and unknown flags', async () => {
    const bad = await cli(['show', 'nope', '--data', data.dir]);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/id must be a Commonplace id/);
    const flag = await cli(['list', '--colour', '--data', data.dir]);
    expect(flag.code).toBe(2);
    expect(flag.err[0]).toMatch(/--colour/);
  });

  it('runs as an installed bin under plain Node', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    expect(stdout).toMatch(/commonplace clip <url-or-file>/);
    const failed = await run(process.execPath, [BIN, 'show', 'aaaaaaaaaaaaaaaa', '--data', data.dir]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/No article has the id aaaaaaaaaaaaaaaa/);
  });
});
