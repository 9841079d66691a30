import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { marked, type Token } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src-main/cli/main';
import type { ExportResult, ExportStatus } from '../../src-main/common/export-model';
import type { DocNode } from '../../src-main/common/model';
import { docToText } from '../../src-main/common/text';
import { inTransaction } from '../../src-main/store/database';
import { insertNote } from '../../src-main/store/notes';
import { createObjectId } from '../../src-main/store/objects';
import type { Highlight } from '../../src-main/common/model';
import type { VaultFile } from '../../src-main/export/build-vault';
import { besideName, writeVault } from '../../src-main/export/write-vault';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { fixtureBase64 } from '../support/notebook';
import { tempDir } from '../support/temp';

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data', dataDir], { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
  return { code, out, err };
}

/** Every file under `root` (the manifest included), relative, with its sha256. */
function filesUnder(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return found;
}

function decodeEntities(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_entity, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!);
}

function splitFrontmatter(markdown: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error('no frontmatter');
  return { data: parseYaml(match[1]) as Record<string, unknown>, body: markdown.slice(match[0].length) };
}

/** Every token of a Markdown document, depth first, as a CommonMark/GFM parser reads it. */
function tokensOf(markdown: string): Token[] {
  const all: Token[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      all.push(token);
      const nested = token as Token & { tokens?: Token[]; items?: Token[] };
      if (nested.tokens) visit(nested.tokens);
      if (nested.items) visit(nested.items);
    }
  };
  visit(marked.lexer(markdown, { gfm: true }));
  return all;
}

const REPORT = `<!doctype html><html lang="en"><head><title>What Ukraine is building on its northern border</title>
<meta name="author" content="Mykola Hrytsenko"><meta property="og:site_name" content="Frontier Review"></head><body><article>
<h1>What Ukraine is building on its northern border</h1>
<p>Engineers who surveyed the Belarus–Ukraine frontier this spring found that Ukraine has fortified only selected crossings, not the whole line.</p>
<p>The border runs for 1,084 kilometres, much of it through the Pripyat marshes, where a continuous wall would sink.</p>
</article></body></html>`;

const HOSTILE_TITLE = '<script>alert(1)</script> *bold* _it_ [x](javascript:alert(2)) | # > `tick` ../../etc/passwd CON';
const HOSTILE = `<!doctype html><html><head><title>${HOSTILE_TITLE.replace(/</g, '&lt;')}</title></head><body><article>
<h1>Hostile</h1><p>Plain words before. A quote with *stars*, _underscores_, [brackets](javascript:alert(3)), a | pipe, # hash, &lt;script&gt;alert(4)&lt;/script&gt; and \`backticks\` inside. Plain words after, enough of them to make an article that Readability keeps as the content of the page.</p>
<p>Another paragraph, so the page has more than one, and more words again to be sure it is kept whole.</p></article></body></html>`;

describe('export to Markdown', () => {
  const data = tempDir();
  const out = tempDir();
  let notebook: Notebook;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    notebook = openNotebook(data.dir);
    const service = notebook.service;
    ids.sample = (await service.clipFile({ fileName: 'srebrnik.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') })).id;
    ids.report = (await service.clipHtml({ html: REPORT, url: 'https://frontier-review.example/northern-border' })).id;
    await service.setTags({ id: ids.report, tags: ['borders'] });
    const make = (articleId: string, exact: string, fields: Partial<Pick<Highlight, 'isClaim'>> & { comment?: string } = {}) =>
      service.createHighlight({ articleId, exact, ...fields });
    // Made out of reading order, to check the file puts them in it.
    ids.later = (await make(ids.sample, 'Meanwhile, Putin has been forced to embrace Iran')).id;
    ids.wall = (await make(ids.sample, 'Ukraine announced that it was building a reinforced concrete wall', { isClaim: true, comment: 'Check this *claim*.' })).id;
    ids.crossings = (await make(ids.report, 'Ukraine has fortified only selected crossings, not the whole line', { isClaim: true })).id;
    await service.updateHighlight({ id: ids.wall, statement: 'Kyiv is walling off its entire Belarus frontier' });
    await service.createLink({ from: ids.crossings, to: ids.wall, relation: 'contradicts', rationale: 'Engineers found checkpoints, not a wall.' });
    const note = await service.createNote({
      title: 'Is there a wall?',
      doc: {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'The column says ' },
              { type: 'reference', attrs: { targetId: ids.wall, kind: 'claim', articleId: ids.sample, label: 'a wall' } },
              { type: 'text', text: ' but ' },
              { type: 'reference', attrs: { targetId: ids.report, kind: 'article', articleId: ids.report, label: 'the survey' } },
              { type: 'text', text: ' disagrees.' },
            ],
          },
        ],
      },
    });
    ids.note = note.id;
  });
  afterAll(() => {
    notebook.close();
    data.cleanup();
    out.cleanup();
  });

  const exportAll = async (...flags: string[]): Promise<ExportResult> => {
    const run = await cli(data.dir, ['export', '--out', out.dir, '--json', ...flags]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    return JSON.parse(run.out[0]);
  };
  const read = (path: string) => readFileSync(join(out.dir, path), 'utf8');
  const articleFile = () => [...filesUnder(out.dir).keys()].find((path) => path.startsWith('Articles/Russia'))!;

  it('writes the vault of the claims-and-notes story, file by file', async () => {
    const result = await exportAll();
    const files = [...filesUnder(out.dir).keys()].sort();
    expect(files).toEqual([
      '.commonplace-export.json',
      `Articles/Russia’s Ally Belarus Draws Closer to Iran (${ids.sample.slice(0, 8)}).md`,
      `Articles/What Ukraine is building on its northern border (${ids.report.slice(0, 8)}).md`,
      'Claims.md',
      `Notes/Is there a wall (${ids.note.slice(0, 8)}).md`,
      'annotations.jsonld',
      'references.bib',
      'references.json',
    ].sort());
    expect(result).toMatchObject({ files: 7, unchanged: 0, removed: [], kept: [] });
    expect(result.written).toHaveLength(7);

    const { data: meta, body } = splitFrontmatter(read(articleFile()));
    expect(meta).toMatchObject({ title: 'Russia’s Ally Belarus Draws Closer to Iran', commonplace_id: ids.sample, tags: [] });
    expect(Object.keys(meta)).toEqual(expect.arrayContaining(['title', 'author', 'clipped', 'tags', 'commonplace_id', 'capture']));
    expect(meta.author).toEqual(expect.any(Array));
    expect(meta.capture).toMatch(/^[a-z2-7]{16}$/);
    expect(body.startsWith('\n# Russia’s Ally Belarus Draws Closer to Iran\n\nSource: ')).toBe(true);
    // Highlights in reading order, each a quote named by its block id.
    expect(body.indexOf(`^hl-${ids.wall}`)).toBeGreaterThan(0);
    expect(body.indexOf(`^hl-${ids.wall}`)).toBeLessThan(body.indexOf(`^hl-${ids.later}`));
    expect(body).toContain('> Ukraine announced that it was building a reinforced concrete wall');
    expect(body).toContain('- Claim: Kyiv is walling off its entire Belarus frontier');
    const reportFile = `Articles/What Ukraine is building on its northern border (${ids.report.slice(0, 8)})`;
    expect(body).toContain(`- Contradicted by [[${reportFile}#^hl-${ids.crossings}|Ukraine has fortified only selected crossings, not the…]] — Engineers found checkpoints, not a wall.`);
    expect(read(`${reportFile}.md`)).toContain(`^hl-${ids.crossings}`);
    // The comment's Markdown stays text.
    const comment = tokensOf(body).find((token) => token.type === 'text' && token.raw.includes('Comment:'));
    expect(comment?.raw).toBeDefined();
    expect(tokensOf(body).some((token) => token.type === 'em' && token.text === 'claim')).toBe(false);

    const claims = read('Claims.md');
    expect(claims).toContain('## Kyiv is walling off its entire Belarus frontier');
    expect(claims).toContain(`## Ukraine has fortified only selected crossings, not the whole line`);
    expect(claims).toContain(`- Contradicts [[Articles/Russia’s Ally Belarus Draws Closer to Iran (${ids.sample.slice(0, 8)})#^hl-${ids.wall}|Kyiv is walling off its entire Belarus frontier]]`);

    const note = read(`Notes/Is there a wall (${ids.note.slice(0, 8)}).md`);
    expect(splitFrontmatter(note).data).toMatchObject({ title: 'Is there a wall?', commonplace_id: ids.note });
    expect(note).toContain(`The column says [[Articles/Russia’s Ally Belarus Draws Closer to Iran (${ids.sample.slice(0, 8)})#^hl-${ids.wall}|a wall]] but [[${reportFile}|the survey]] disagrees.`);

    const annotations = JSON.parse(read('annotations.jsonld'));
    expect(JSON.stringify(annotations)).toContain('TextQuoteSelector');
    expect(JSON.stringify(annotations)).not.toContain('TextPositionSelector');
    expect(read('references.bib')).toMatch(/@online\{/);
    expect(JSON.parse(read('references.json'))).toHaveLength(2);
  });

  it('writes only safe links, and every Markdown file and frontmatter parses', async () => {
    for (const path of filesUnder(out.dir).keys()) {
      if (!path.endsWith('.md')) continue;
      const markdown = read(path);
      if (path !== 'Claims.md') expect(() => splitFrontmatter(markdown)).not.toThrow();
      for (const token of tokensOf(markdown)) {
        if (token.type === 'link' || token.type === 'image') expect(token.href).toMatch(/^(https?:|mailto:|\.{0,2}\/|[^:]+$)/);
        expect(token.type).not.toBe('html');
      }
    }
    // Each highlight links to its passage on the live page with a text fragment.
    expect(read(articleFile())).toMatch(/\[Open on the page\]\(https:\/\/[^)]*#:~:text=[^)]+\)/);
  });

  it('exports again with nothing changed and writes byte-identical files', async () => {
    const before = filesUnder(out.dir);
    const result = await exportAll();
    expect(result).toMatchObject({ written: [], unchanged: 7, removed: [], kept: [] });
    expect(filesUnder(out.dir)).toEqual(before);
  });

  it('keeps a file the user changed, writing the new version beside it, and never touches files it did not write', async () => {
    const path = articleFile();
    const edited = `${read(path)}\nMy own thoughts.\n`;
    writeFileSync(join(out.dir, path), edited);
    writeFileSync(join(out.dir, 'Articles', 'My own page.md'), 'mine\n');
    await notebook.service.updateHighlight({ id: ids.later, comment: 'Isolation drives the alliance.' });
    const result = await exportAll();
    expect(result.kept).toEqual([{ path, newVersion: besideName(path) }]);
    expect(read(path)).toBe(edited);
    expect(read(besideName(path))).toContain('- Comment: Isolation drives the alliance.');
    expect(read('Articles/My own page.md')).toBe('mine\n');
    // Still the user's next time: kept again, not overwritten.
    expect((await exportAll()).kept).toEqual([{ path, newVersion: besideName(path) }]);
    expect(read(path)).toBe(edited);
  });

  it('moves a folder the target lacks in one piece, and files its own into a folder the user has', async () => {
    const target = tempDir('commonplace-vault-');
    try {
      mkdirSync(join(target.dir, 'Notes'));
      writeFileSync(join(target.dir, 'Notes', 'mine.md'), 'mine\n');
      const run = await cli(data.dir, ['export', '--out', target.dir, '--json']);
      expect(run.code).toBe(0);
      const files = [...filesUnder(target.dir).keys()];
      expect(readFileSync(join(target.dir, 'Notes', 'mine.md'), 'utf8')).toBe('mine\n');
      expect(files.filter((path) => path.startsWith('Notes/')).sort()).toEqual(['Notes/mine.md', ...JSON.parse(run.out[0]).written.filter((path: string) => path.startsWith('Notes/'))].sort());
      expect(files.filter((path) => path.startsWith('Articles/'))).toHaveLength(2);
      expect(readdirSync(target.dir).filter((name) => name.startsWith('.commonplace-staging'))).toEqual([]);
    } finally {
      target.cleanup();
    }
  });

  it('replaces no file that appears in a folder while a first export into it runs', async () => {
    const target = tempDir('commonplace-vault-');
    try {
      function* files(): Generator<VaultFile> {
        yield ['Notes/ours.md', 'ours\n'];
        writeFileSync(join(target.dir, 'Claims.md'), 'theirs\n');
        yield ['Claims.md', 'ours\n'];
      }
      await expect(writeVault(target.dir, files())).rejects.toThrow(/appeared .* while the export was running/);
      expect(readdirSync(target.dir)).toEqual(['Claims.md']);
      expect(readFileSync(join(target.dir, 'Claims.md'), 'utf8')).toBe('theirs\n');
    } finally {
      target.cleanup();
    }
  });

  it('moves nothing into a folder where a broken link or a file stands in for one of its folders', async () => {
    const target = tempDir('commonplace-vault-');
    try {
      symlinkSync(join(target.dir, 'gone'), join(target.dir, 'Notes'));
      writeFileSync(join(target.dir, 'assets'), 'mine\n');
      const files = new Map([['Articles/a.md', 'a\n'], ['Notes/n.md', 'n\n'], ['Claims.md', 'c\n']]);
      await expect(writeVault(target.dir, files)).rejects.toThrow(/Notes in .* is a link to something that no longer exists/);
      expect(readdirSync(target.dir).sort()).toEqual(['Notes', 'assets']);
      files.set('assets/x.png', 'x');
      rmSync(join(target.dir, 'Notes'));
      await expect(writeVault(target.dir, files)).rejects.toThrow(/assets in .* is a file/);
      expect(readdirSync(target.dir)).toEqual(['assets']);
      expect(readFileSync(join(target.dir, 'assets'), 'utf8')).toBe('mine\n');
    } finally {
      target.cleanup();
    }
  });

  it('reflects a deleted highlight and a trashed article', async () => {
    const reportPath = [...filesUnder(out.dir).keys()].find((file) => file.startsWith('Articles/What Ukraine'))!;
    const extra = await notebook.service.createHighlight({ articleId: ids.report, exact: 'The border runs for 1,084 kilometres' });
    await exportAll();
    expect(read(reportPath)).toContain(`^hl-${extra.id}`);
    await notebook.service.deleteHighlight({ id: extra.id });
    const result = await exportAll();
    expect(result.written).toContain(reportPath);
    expect(read(reportPath)).not.toContain(`^hl-${extra.id}`);
    await notebook.service.trashArticle({ id: ids.report });
    const afterTrash = await exportAll();
    expect(afterTrash.removed).toEqual([reportPath]);
    expect(existsSync(join(out.dir, reportPath))).toBe(false);
    expect(read('Claims.md')).not.toContain('selected crossings, not the whole line\n');
    await notebook.service.restoreArticle({ id: ids.report });
  });

  it('exports one article or one tag, to Logseq too', async () => {
    const single = tempDir();
    try {
      const one = await cli(data.dir, ['export', '--out', single.dir, '--tag', 'borders', '--flavor', 'logseq', '--json']);
      expect(one.err).toEqual([]);
      const files = [...filesUnder(single.dir).keys()];
      expect(files.filter((path) => path.startsWith('Articles/'))).toEqual([expect.stringMatching(/^Articles\/What Ukraine/)]);
      expect(files.some((path) => path.startsWith('Notes/'))).toBe(false);
      const article = readFileSync(join(single.dir, files.find((path) => path.startsWith('Articles/'))!), 'utf8');
      expect(article).toMatch(/\n {2}id:: [0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n/);
      expect(article).not.toContain('^hl-');
      const unknown = await cli(data.dir, ['export', '--out', single.dir, '--tag', 'nope']);
      expect(unknown.code).toBe(1);
      expect(unknown.err[0]).toMatch(/No article in the library has the tag “nope”/);
    } finally {
      single.cleanup();
    }
  });

  it('keeps hostile titles and quotes as text, with safe file names inside the folder', async () => {
    const hostile = await notebook.service.clipHtml({ html: HOSTILE, url: 'https://hostile.example/page' });
    await notebook.service.createHighlight({ articleId: hostile.id, exact: 'A quote with *stars*, _underscores_, [brackets](javascript:alert(3)), a | pipe' });
    const folder = tempDir();
    try {
      const run = await cli(data.dir, ['export', '--out', folder.dir, '--article', hostile.id, '--json']);
      expect(run.err).toEqual([]);
      const files = [...filesUnder(folder.dir).keys()];
      const path = files.find((file) => file.startsWith('Articles/'))!;
      expect(path.split('/')).toHaveLength(2);
      expect(path).not.toMatch(/[<>:"\\|?*]|\.\./);
      const markdown = readFileSync(join(folder.dir, path), 'utf8');
      const { data: meta, body } = splitFrontmatter(markdown);
      // Extraction cuts the title at its " | " (a site name, usually); what is left is still hostile.
      expect(hostile.title).toMatch(/^<script>alert\(1\)<\/script> \*bold\* _it_ \[x\]\(javascript:alert\(2\)\)/);
      expect(meta.title).toBe(hostile.title);
      const tokens = tokensOf(body);
      expect(tokens.filter((token) => token.type === 'html')).toEqual([]);
      // The title's heading, rendered by the parser: exactly the title as text, and no markup.
      const headingLine = body.split('\n').find((line) => line.startsWith('# '))!;
      const html = marked.parse(headingLine, { async: false, gfm: true }).trim();
      expect(html.replace(/^<h1>|<\/h1>$/g, '')).not.toMatch(/<[a-z]/i);
      expect(decodeEntities(html.replace(/^<h1>|<\/h1>$/g, ''))).toBe(hostile.title);
      expect(tokens.filter((token) => token.type === 'link').map((token) => (token as Token & { href: string }).href).every((href) => /^https?:/.test(href))).toBe(true);
      expect(tokens.some((token) => token.type === 'em' || token.type === 'strong' || token.type === 'codespan')).toBe(false);
    } finally {
      folder.cleanup();
    }
  });

  it('changes no existing file when an export fails before its end', async () => {
    const folder = tempDir();
    try {
      const first = await writeVault(folder.dir, new Map([['a.md', 'one\n']]));
      expect(first.written).toEqual(['a.md']);
      const before = filesUnder(folder.dir);
      // A name no file system takes: the write fails after a.md's new text was staged.
      await expect(writeVault(folder.dir, new Map([['a.md', 'two\n'], [`${'x'.repeat(300)}.md`, 'never\n']]))).rejects.toThrow(/ENAMETOOLONG/);
      expect(filesUnder(folder.dir)).toEqual(before);
      expect(readdirSync(folder.dir).filter((name) => name.startsWith('.commonplace-staging'))).toEqual([]);
      // A folder where the export means to write a file is the user's: kept, the file beside it.
      mkdirSync(join(folder.dir, 'b.md'));
      const kept = await writeVault(folder.dir, new Map([['a.md', 'one\n'], ['b.md', 'b\n']]));
      expect(kept.kept).toEqual([{ path: 'b.md', newVersion: 'b.new.md' }]);
      expect(statSync(join(folder.dir, 'b.md')).isDirectory()).toBe(true);
    } finally {
      folder.cleanup();
    }
  });
});

describe('a large export', () => {
  const data = tempDir();
  const out = tempDir();
  afterAll(() => {
    data.cleanup();
    out.cleanup();
  });

  it('lets the host answer while it runs, so its progress can be followed, and refuses a second one into its folder', { timeout: 120_000 }, async () => {
    const notebook = openNotebook(data.dir);
    try {
      const now = new Date().toISOString();
      inTransaction(notebook.db, () => {
        for (let n = 0; n < 3_000; n++) {
          const doc: DocNode = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Reading note ${n}, with a line of thought.` }] }] };
          insertNote(notebook.db, createObjectId(notebook.db, 'note'), { title: `Note ${n}`, doc, text: docToText(doc), references: [] }, now);
        }
      });
      let status = await notebook.service.startExport({ folder: out.dir });
      // A second export into the same folder would stage against a manifest the first is replacing.
      await expect(notebook.service.startExport({ folder: `${out.dir}/` })).rejects.toMatchObject({ code: 'conflict' });
      // The same folder by another name is the same folder.
      const alias = join(data.dir, 'vault-alias');
      symlinkSync(out.dir, alias);
      await expect(notebook.service.startExport({ folder: alias })).rejects.toMatchObject({ code: 'conflict' });
      const seen: ExportStatus[] = [];
      while (!status.finished) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = await notebook.service.exportStatus({ jobId: status.jobId });
        seen.push(status);
      }
      expect(status.error).toBeNull();
      expect(status.result!.written.filter((path) => path.startsWith('Notes/'))).toHaveLength(3_000);
      // A timer ran while files were still being written, and saw the count part way.
      expect(seen.some((polled) => !polled.finished && polled.done > 0 && polled.done < polled.total)).toBe(true);
      // …and the count ends where the total said it would: every file the export consists of.
      expect(status).toMatchObject({ done: status.result!.files, total: status.result!.files });
    } finally {
      notebook.close();
    }
  });
});
