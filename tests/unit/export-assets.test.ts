import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import type { Notebook } from '../../src-main/notebook';
import { imagesArticleRoutes, MARKER_PNG } from '../support/images';
import { openTempNotebook } from '../support/notebook';
import { startPageServer, type PageServer } from '../support/page-server';
import { fixturePath, tempDir } from '../support/temp';


describe('exporting the full text', () => {
  let notebook: Notebook;
  let site: PageServer;
  const out = tempDir();
  beforeAll(async () => {
    notebook = openTempNotebook();
    site = await startPageServer(imagesArticleRoutes(readFileSync(fixturePath('images-article.html'))));
  });
  afterAll(async () => {
    await site.close();
    notebook.close();
    out.cleanup();
  });

  it('writes the article as Markdown with its stored images copied into assets/', async () => {
    const article = await notebook.service.clipUrl({ url: site.url('/survey.html') });
    expect(article.imagesSaved).toBeGreaterThan(0);
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await main(['export', '--out', out.dir, '--article', article.id, '--full-text', '--data', notebook.dataDir], { out: (line) => lines.push(line), err: (line) => errors.push(line), env: {} });
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Exported \d+ files to /);
    const file = readFileSync(join(out.dir, 'Articles', `${article.title.replace(/[\\/|:]/g, '-')} (${article.id.slice(0, 8)}).md`), 'utf8');
    expect(file).toContain('## Text');
    const images = [...file.matchAll(/!\[[^\]]*\]\((\.\.\/assets\/[0-9a-f]{64}\.png)/g)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const path = join(out.dir, 'Articles', image);
      expect(existsSync(path), image).toBe(true);
      // Named by its content: the copy is the stored image, byte for byte.
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(image.match(/[0-9a-f]{64}/)![0]);
    }
    // The marker, shown twice from two addresses, is one file.
    const markerFile = `../assets/${createHash('sha256').update(MARKER_PNG).digest('hex')}.png`;
    expect(images).toContain(markerFile);
    // assets/ holds exactly the images the text shows (the one that could not be fetched is not among them).
    expect(readdirSync(join(out.dir, 'assets')).sort()).toEqual([...new Set(images.map((image) => image.split('/').pop()))].sort());
  });
});
