import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import type { DocNode, Highlight } from '../../src-main/common/model';
import { dispatch } from '../../src-main/dispatch';
import { openNotebook, type Notebook } from '../../src-main/notebook';
import { fixtureBase64 } from '../support/notebook';
import { tempDir } from '../support/temp';

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data', dataDir], { out: (line) => out.push(line), err: (line) => err.push(line), env: {} });
  return { code, out, err };
}

const BORDER_ARTICLE = `<!doctype html><html lang="en"><head><title>How long is the Belarus–Ukraine border?</title>
<meta name="author" content="Olena Marchenko"><meta property="og:site_name" content="Border Watch"></head><body><article>
<h1>How long is the Belarus–Ukraine border?</h1>
<p>Official surveys put the Belarus–Ukraine border at <strong>1,084 kilometres</strong>, a figure the State Border Guard repeats in every briefing.
Earlier estimates that called it far longer counted river bends twice.</p>
<p>Ukraine has fortified only <em>selected crossings</em> rather than building a continuous wall, according to engineers who surveyed the line in spring.
The work so far covers less than a tenth of the frontier.</p>
<p>Drones supplied from abroad have changed how both sides watch the frontier, but no source has shown Iranian drones in Belarus.</p>
</article></body></html>`;

const SAMPLE_BORDER = 'its border with Belarus, which is more than 1,000 kilometres long.';
const SAMPLE_WALL = 'Ukraine announced that it was building a reinforced concrete wall and other fortifications on its border with Belarus';
const OTHER_LENGTH = 'Official surveys put the Belarus–Ukraine border at 1,084 kilometres';
const OTHER_WALL = 'Ukraine has fortified only selected crossings rather than building a continuous wall';

describe('claims, links and notes', () => {
  const data = tempDir();
  let notebook: Notebook;
  let sampleId = '';
  let otherId = '';
  const ids: Record<string, string> = {};
  const call = (method: Parameters<typeof dispatch>[1], input: unknown) => dispatch(notebook.service, method, input);

  beforeAll(async () => {
    notebook = openNotebook(data.dir);
    sampleId = (await notebook.service.clipFile({ fileName: 'srebrnik.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') })).id;
    otherId = (await notebook.service.clipHtml({ html: BORDER_ARTICLE, url: 'https://borderwatch.example/length' })).id;
    for (const [name, articleId, exact] of [
      ['sampleBorder', sampleId, SAMPLE_BORDER],
      ['sampleWall', sampleId, SAMPLE_WALL],
      ['otherLength', otherId, OTHER_LENGTH],
      ['otherWall', otherId, OTHER_WALL],
    ] as const) {
      ids[name] = ((await call('createHighlight', { articleId, exact })) as Highlight).id;
    }
  });
  afterAll(() => {
    notebook.close();
    data.cleanup();
  });

  it('marks claims from the command line, restated in the researcher’s words', async () => {
    const run = await cli(data.dir, ['claim', ids.sampleBorder, '--statement', 'The Belarus–Ukraine border is over 1,000 km long', '--json']);
    expect(run.err).toEqual([]);
    expect(JSON.parse(run.out[0])).toMatchObject({ id: ids.sampleBorder, isClaim: true, statement: 'The Belarus–Ukraine border is over 1,000 km long' });
    const plain = await cli(data.dir, ['claim', ids.sampleWall]);
    expect(plain.out[0]).toMatch(/^Claim \w{16} {2}“Ukraine announced/);
    const unmarked = await cli(data.dir, ['claim', ids.sampleWall, '--unmark', '--json']);
    expect(JSON.parse(unmarked.out[0]).isClaim).toBe(false);
    await cli(data.dir, ['claim', ids.sampleWall, '--statement', 'Ukraine is walling off the whole border']);
    await cli(data.dir, ['claim', ids.otherLength]);
  });

  it('links passages across articles, and refuses a link that exists, its mirror, or a self-link', async () => {
    const run = await cli(data.dir, ['link', ids.otherWall, ids.sampleWall, '--relation', 'contradicts', '--rationale', 'Engineers found only selected crossings fortified', '--json']);
    expect(run.err).toEqual([]);
    const link = JSON.parse(run.out[0]);
    expect(link).toMatchObject({
      relation: 'contradicts',
      rationale: 'Engineers found only selected crossings fortified',
      from: { id: ids.otherWall, articleId: otherId, articleTitle: 'How long is the Belarus–Ukraine border?', quote: OTHER_WALL, deleted: false },
      to: { id: ids.sampleWall, articleId: sampleId, isClaim: true, statement: 'Ukraine is walling off the whole border' },
    });
    ids.wallLink = link.id;

    const again = await cli(data.dir, ['link', ids.otherWall, ids.sampleWall, '--relation', 'contradicts']);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/already linked by “contradicts”/);
    const mirror = await cli(data.dir, ['link', ids.sampleWall, ids.otherWall, '--relation', 'contradicts']);
    expect(mirror.err[0]).toMatch(/already linked/);
    const self = await cli(data.dir, ['link', ids.sampleWall, ids.sampleWall, '--relation', 'related']);
    expect(self.err[0]).toMatch(/cannot be linked to itself/);
    const badRelation = await cli(data.dir, ['link', ids.sampleWall, ids.otherWall, '--relation', 'refutes']);
    expect(badRelation.code).toBe(1);
    expect(badRelation.err[0]).toMatch(/relation/);

    // supports is directional: the reverse direction is a different link.
    const supports = (await call('createLink', { from: ids.otherLength, to: ids.sampleBorder, relation: 'supports' })) as { id: string };
    ids.lengthLink = supports.id;
    await expect(call('createLink', { from: ids.sampleBorder, to: ids.otherLength, relation: 'supports' })).resolves.toMatchObject({ relation: 'supports' });
  });

  it('lists backlinks both ways, from the command line', async () => {
    const out = await cli(data.dir, ['links', ids.sampleWall]);
    expect(out.out).toEqual([expect.stringMatching(/^← \w{16} {2}“Ukraine has fortified only selected crossings.*” — How long is the Belarus–Ukraine border\? contradicts it {2}\(Engineers found/)]);
    const json = JSON.parse((await cli(data.dir, ['links', ids.otherWall, '--json'])).out[0]);
    expect(json.outgoing.map((link: { to: { id: string } }) => link.to.id)).toEqual([ids.sampleWall]);
    expect(json.incoming).toEqual([]);
    expect(json.citedBy).toEqual([]);
    // The reader's panel asks for a whole article's at once: the same answers, by highlight.
    const byHighlight = (await call('listArticleLinks', { articleId: otherId })) as Record<string, unknown>;
    expect(Object.keys(byHighlight).sort()).toEqual([ids.otherLength, ids.otherWall].sort());
    expect(byHighlight[ids.otherWall]).toEqual(json);
  });

  it('counts supporting and contradicting passages and their sources, and finds contested claims', async () => {
    await call('createHighlight', { articleId: otherId, exact: 'Earlier estimates that called it far longer counted river bends twice.' }).then((highlight) =>
      call('createLink', { from: (highlight as Highlight).id, to: ids.sampleBorder, relation: 'contradicts' }),
    );
    const claims = JSON.parse(`[${(await cli(data.dir, ['claims', '--json'])).out.join(',')}]`);
    const border = claims.find((claim: { id: string }) => claim.id === ids.sampleBorder);
    expect(border).toMatchObject({ supporting: 1, contradicting: 1, sources: 1, linkCount: 3, statement: 'The Belarus–Ukraine border is over 1,000 km long' });
    const wall = claims.find((claim: { id: string }) => claim.id === ids.sampleWall);
    expect(wall).toMatchObject({ supporting: 0, contradicting: 1, sources: 1, linkCount: 1 });
    expect(claims[0].id).toBe(ids.sampleBorder); // most linked first
    const contested = (await cli(data.dir, ['claims', '--contested', '--json'])).out.map((line) => JSON.parse(line).id);
    expect(contested).toEqual([ids.sampleBorder]);
    expect(await call('listClaims', { articleId: otherId })).toEqual([expect.objectContaining({ id: ids.otherLength })]);
    expect(await call('listClaims', { site: 'borderwatch.example' })).toEqual([expect.objectContaining({ id: ids.otherLength })]);
    await notebook.service.setTags({ id: otherId, tags: ['borders'] });
    expect((await call('listClaims', { tag: 'borders' })) as unknown[]).toHaveLength(1);
  });

  it('draws the graph of claims and what is linked to them', async () => {
    const graph = (await call('claimGraph', {})) as { nodes: Array<{ id: string; isClaim: boolean }>; edges: Array<{ from: string; to: string; relation: string }> };
    expect(graph.nodes.filter((node) => node.isClaim).map((node) => node.id).sort()).toEqual([ids.sampleBorder, ids.sampleWall, ids.otherLength].sort());
    expect(graph.nodes.map((node) => node.id)).toContain(ids.otherWall);
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: ids.otherWall, to: ids.sampleWall, relation: 'contradicts' }));
    expect(graph.edges).toHaveLength(4);
  });

  it('finds a claim by its restatement, and passages by rel:', async () => {
    const byStatement = await cli(data.dir, ['search', 'walling', '--json']);
    expect(byStatement.out.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ type: 'claim', id: ids.sampleWall })]);
    const contradicted = (await cli(data.dir, ['search', 'rel:contradicts is:claim', '--json'])).out.map((line) => JSON.parse(line).id).sort();
    expect(contradicted).toEqual([ids.sampleBorder, ids.sampleWall].sort());
    expect((await cli(data.dir, ['search', 'rel:same_as', '--json'])).out).toEqual([]);
  });

  it('edits and deletes links', async () => {
    const edited = (await call('updateLink', { id: ids.wallLink, relation: 'related', rationale: null })) as { relation: string; rationale: null };
    expect(edited).toMatchObject({ relation: 'related', rationale: null });
    await call('updateLink', { id: ids.wallLink, relation: 'contradicts' });
    const extra = (await call('createLink', { from: ids.otherWall, to: ids.sampleWall, relation: 'related' })) as { id: string };
    await expect(call('updateLink', { id: extra.id, relation: 'contradicts' })).rejects.toMatchObject({ code: 'conflict' });
    await call('deleteLink', { id: extra.id });
    await expect(call('deleteLink', { id: extra.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(notebook.db.prepare('SELECT count(*) FROM object WHERE id = ?').pluck().get(extra.id)).toBe(0);
  });

  it('creates a note from Markdown, and lists it', async () => {
    const file = join(data.dir, 'draft.md');
    writeFileSync(file, '# Border length\n\nThe sources **disagree** about the [border](https://example.org/map).\n\n- one\n- two\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(2)) <img src=x onerror=alert(3)>\n');
    const run = await cli(data.dir, ['note', 'new', '--from-markdown', file, '--json']);
    expect(run.err).toEqual([]);
    const note = JSON.parse(run.out[0]);
    expect(note.title).toBe('Border length');
    expect(note.text).toContain('The sources disagree about the border.');
    expect(JSON.stringify(note.doc)).toContain('"href":"https://example.org/map"');
    expect(JSON.stringify(note.doc)).not.toMatch(/"href":"javascript|alert\(1\)|onerror|"src":"x"/);
    ids.markdownNote = note.id;
    const titled = await cli(data.dir, ['note', 'new', '--title', 'Drones', '--json']);
    ids.titledNote = JSON.parse(titled.out[0]).id;
    expect((await cli(data.dir, ['notes'])).out).toEqual([expect.stringMatching(/ Drones$/), expect.stringMatching(/ Border length {2}— Border length The sources/)]);
    expect((await cli(data.dir, ['note', 'list'])).code).toBe(2);
  });

  it('keeps what a note references, so backlinks and search stay right', async () => {
    const doc: DocNode = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Compare ' },
            { type: 'reference', attrs: { targetId: ids.sampleBorder, kind: 'claim', articleId: sampleId, label: 'over 1,000 km' } },
            { type: 'text', text: ' with ' },
            { type: 'reference', attrs: { targetId: otherId, kind: 'article', articleId: otherId, label: 'Border Watch' } },
            { type: 'text', text: ' and ' },
            { type: 'reference', attrs: { targetId: ids.titledNote, kind: 'note', articleId: null, label: 'Drones' } },
          ],
        },
      ],
    };
    await call('saveNote', { id: ids.markdownNote, title: 'Border length', doc });
    const note = (await call('getNote', { id: ids.markdownNote })) as { text: string; references: unknown[] };
    expect(note.text).toBe('Compare over 1,000 km with Border Watch and Drones');
    expect(note.references).toEqual([
      { targetId: ids.sampleBorder, kind: 'highlight', label: 'over 1,000 km', articleId: sampleId, missing: false },
      { targetId: otherId, kind: 'article', label: 'Border Watch', articleId: otherId, missing: false },
      { targetId: ids.titledNote, kind: 'note', label: 'Drones', articleId: null, missing: false },
    ]);
    for (const target of [ids.sampleBorder, otherId, ids.titledNote]) {
      expect(((await call('listLinks', { id: target })) as { citedBy: Array<{ id: string }> }).citedBy.map((cited) => cited.id)).toEqual([ids.markdownNote]);
    }
    const found = (await cli(data.dir, ['search', 'compare is:note', '--json'])).out.map((line) => JSON.parse(line));
    expect(found).toEqual([expect.objectContaining({ type: 'note', id: ids.markdownNote, title: 'Border length', articleId: null })]);
  });

  it('refuses a note document that is not a note, or links where it must not, and keeps what was saved', async () => {
    const before = await call('getNote', { id: ids.markdownNote });
    const badLink: DocNode = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
    await expect(call('saveNote', { id: ids.markdownNote, title: 'x', doc: badLink })).rejects.toThrow(/link to “javascript:alert\(1\)”/);
    const badNode: DocNode = { type: 'doc', content: [{ type: 'script', content: [] }] };
    await expect(call('saveNote', { id: ids.markdownNote, title: 'x', doc: badNode })).rejects.toThrow(/not a valid note document/);
    const badReference: DocNode = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'reference', attrs: { targetId: 'nope', kind: 'claim', label: 'x' } }] }] };
    await expect(call('saveNote', { id: ids.markdownNote, title: 'x', doc: badReference })).rejects.toThrow(/reference without a valid target/);
    await expect(call('saveNote', { id: ids.markdownNote, title: 'x', doc: { type: 'paragraph' } })).rejects.toMatchObject({ code: 'invalid_input', field: 'doc' });
    expect(await call('getNote', { id: ids.markdownNote })).toEqual(before);
    const app = await call('saveNote', { id: ids.titledNote, title: 'Drones', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'see', marks: [{ type: 'link', attrs: { href: `#/article/${sampleId}` } }] }] }] } });
    expect(app).toMatchObject({ title: 'Drones', excerpt: 'see' });
  });

  it('quotes a highlight into a note with its inline formatting, linked to its source', async () => {
    const marks = await notebook.service.clipFile({ fileName: 'inline-marks.html', contentBase64: fixtureBase64('inline-marks.html') });
    const highlight = (await call('createHighlight', { articleId: marks.id, exact: 'the manicule, marks a passage worth finding again; a bracket marks an argument; a short word such as nota or nota bene says' })) as Highlight;
    const note = (await call('quoteIntoNote', { highlightId: highlight.id })) as { id: string; title: string; doc: DocNode; references: unknown[] };
    expect(note.title).toMatch(/^Notes on Field notes on marginalia/);
    const quote = note.doc.content![0];
    expect(quote).toMatchObject({ type: 'passageQuote', attrs: { highlightId: highlight.id, articleId: marks.id, title: marks.title } });
    const inline = quote.content![0].content!;
    expect(inline.map((node) => node.text).join('')).toBe(highlight.quote.exact);
    expect(inline.find((node) => node.text === 'manicule')?.marks).toEqual([{ type: 'bold' }]);
    expect(inline.find((node) => node.text === 'nota bene')?.marks).toEqual(
      expect.arrayContaining([{ type: 'italic' }, expect.objectContaining({ type: 'link', attrs: expect.objectContaining({ href: 'https://example.org/nb' }) })]),
    );
    expect(note.references).toEqual([expect.objectContaining({ targetId: highlight.id, kind: 'highlight', articleId: marks.id })]);
    // A second quote, across two paragraphs, goes to the end of the same note.
    const across = (await call('createHighlight', { articleId: marks.id, exact: 'than as it was described.\n\nDigital reading lost most of this.' })) as Highlight;
    const appended = (await call('quoteIntoNote', { highlightId: across.id, noteId: note.id })) as { doc: DocNode };
    const second = appended.doc.content!.filter((node) => node.type === 'passageQuote')[1];
    expect(second.content!.map((paragraph) => paragraph.content!.map((node) => node.text).join(''))).toEqual(['than as it was described.', 'Digital reading lost most of this.']);
  });

  it('keeps the quote of a deleted highlight in the links and notes that refer to it', async () => {
    await call('deleteHighlight', { id: ids.sampleBorder });
    const note = (await call('getNote', { id: ids.markdownNote })) as { references: Array<{ targetId: string; missing: boolean; label: string }> };
    expect(note.references[0]).toMatchObject({ targetId: ids.sampleBorder, missing: true, label: 'over 1,000 km' });
    const backlinks = (await call('listLinks', { id: ids.otherLength })) as { outgoing: Array<{ to: { deleted: boolean; quote: string } }> };
    expect(backlinks.outgoing[0].to).toMatchObject({ deleted: true, quote: SAMPLE_BORDER });
    expect(((await call('listClaims', {})) as Array<{ id: string }>).map((claim) => claim.id)).not.toContain(ids.sampleBorder);
    // Purging old deletions keeps a highlight that is referred to.
    const { purgeDeletedHighlights } = await import('../../src-main/store/highlights');
    expect(purgeDeletedHighlights(notebook.db, '9999-01-01')).toBe(0);
    expect(notebook.db.prepare('SELECT count(*) FROM highlight WHERE id = ?').pluck().get(ids.sampleBorder)).toBe(1);
  });

  it('deletes notes, and emptying the trash takes links with their highlights', async () => {
    await call('deleteNote', { id: ids.titledNote });
    const citing = (await call('getNote', { id: ids.markdownNote })) as { references: Array<{ targetId: string; missing: boolean }> };
    expect(citing.references.find((reference) => reference.targetId === ids.titledNote)?.missing).toBe(true);
    expect((await cli(data.dir, ['search', 'see is:note', '--json'])).out).toEqual([]);

    const linkCount = () => notebook.db.prepare('SELECT count(*) FROM link').pluck().get() as number;
    const objectLinks = () => notebook.db.prepare("SELECT count(*) FROM object WHERE kind = 'link'").pluck().get() as number;
    expect(linkCount()).toBeGreaterThan(0);
    await notebook.service.trashArticle({ id: otherId });
    expect(((await call('claimGraph', {})) as { edges: unknown[] }).edges).toEqual([]);
    await notebook.service.emptyTrash({});
    expect(linkCount()).toBe(0);
    expect(objectLinks()).toBe(0);
    const orphanObjects = notebook.db.prepare("SELECT count(*) FROM object o WHERE kind IN ('link', 'highlight') AND NOT EXISTS (SELECT 1 FROM highlight WHERE id = o.id) AND NOT EXISTS (SELECT 1 FROM link WHERE id = o.id)").pluck().get();
    expect(orphanObjects).toBe(0);
  });
});
