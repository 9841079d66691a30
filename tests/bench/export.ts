/**
 * Export at scale: a notebook of 100,000 highlights (on 2,000 articles, a tenth of them claims,
 * some linked) and 10,000 notes citing them, exported whole to a fresh folder, then again with
 * nothing changed. Wall time, as a user waits for it; the target is 5 s for the first export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocNode } from '../../src-main/common/model';
import { docToText } from '../../src-main/common/text';
import { inTransaction } from '../../src-main/store/database';
import { insertLink } from '../../src-main/store/links';
import { insertNote } from '../../src-main/store/notes';
import { createObjectId } from '../../src-main/store/objects';
import { openNotebook } from '../../src-main/notebook';
import type { ExportStatus } from '../../src-main/common/export-model';
import { seededRandom } from '../support/seeded-random';
import { generateLibrary, loadPools } from './search-scale';
import { collectGarbage, markdownTable } from './stats';

const SIZE = { articles: 2_000, highlights: 100_000, notes: 10_000 };
const LINKS = 10_000;

export async function exportBenchmark(root: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'commonplace-bench-export-'));
  const folder = mkdtempSync(join(tmpdir(), 'commonplace-bench-vault-'));
  const notebook = openNotebook(dataDir);
  try {
    generateLibrary(notebook.db, { label: 'export', articles: SIZE.articles, highlights: SIZE.highlights, notes: 0 }, loadPools(root));
    addLinksAndNotes(notebook.db);
    const first = await timedExport(notebook.service, folder);
    const again = await timedExport(notebook.service, folder);
    const row = (run: string, timed: TimedExport) => [
      run,
      timed.seconds.toFixed(2),
      timed.readingSeconds.toFixed(2),
      timed.cpuSeconds.toFixed(2),
      timed.systemSeconds.toFixed(2),
      String(timed.status.result!.written.length),
      String(timed.status.result!.files),
    ];
    const rows = [row('first export', first), row('again, nothing changed', again)];
    const table = [
      `## Export: ${SIZE.highlights.toLocaleString('en')} highlights on ${SIZE.articles.toLocaleString('en')} articles, ${SIZE.notes.toLocaleString('en')} notes, ${LINKS.toLocaleString('en')} links (target ≤ 5 s)`,
      '',
      markdownTable(['run', 'seconds', 'of which reading the notebook', 'CPU seconds', 'of which the kernel\'s', 'files written', 'files in the export'], rows),
      '',
      'Seconds are wall time, as a user waits; CPU seconds count every thread of the process, and vary less with the machine\'s other load.',
      'The kernel\'s part is mostly making files. On ext4 without a journal it grows several-fold for some minutes after many files were',
      'deleted (the allocator steps over recently freed inodes): the thread making the files is then the slower one, and a first',
      'export takes up to twice as long, whatever the export does.',
    ].join('\n');
    const figures = (timed: TimedExport) => ({ seconds: timed.seconds, readingSeconds: timed.readingSeconds, cpuSeconds: timed.cpuSeconds, systemCpuSeconds: timed.systemSeconds, written: timed.status.result!.written.length, files: timed.status.result!.files });
    return { table, json: { size: { ...SIZE, links: LINKS }, first: figures(first), again: figures(again) } };
  } finally {
    notebook.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Claims linked to other passages, and notes that cite highlights, articles and other notes. */
function addLinksAndNotes(db: ReturnType<typeof openNotebook>['db']): void {
  const next = seededRandom(20261128);
  const highlights = db.prepare('SELECT id, article_id AS articleId, exact FROM highlight').all() as Array<{ id: string; articleId: string; exact: string }>;
  const pick = () => highlights[Math.floor(next() * highlights.length)];
  const now = new Date().toISOString();
  inTransaction(db, () => {
    const seen = new Set<string>();
    for (let made = 0; made < LINKS; ) {
      const from = pick();
      const to = pick();
      const relation = (['supports', 'contradicts', 'same_as', 'related'] as const)[Math.floor(next() * 4)];
      const key = [from.id, to.id].sort().join(' ');
      if (from.id === to.id || seen.has(key)) continue;
      seen.add(key);
      insertLink(db, createObjectId(db, 'link'), { fromId: from.id, toId: to.id, relation, rationale: next() < 0.5 ? 'Because the figures agree.' : null }, now);
      made++;
    }
    for (let n = 0; n < SIZE.notes; n++) {
      const cited = [pick(), pick(), pick()];
      const doc: DocNode = {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Reading ${n}` }] },
          {
            type: 'paragraph',
            content: cited.flatMap((highlight) => [
              { type: 'text', text: 'As one source has it, ' },
              { type: 'reference', attrs: { targetId: highlight.id, kind: 'highlight', articleId: highlight.articleId, label: highlight.exact.slice(0, 40) } },
              { type: 'text', text: '. ' },
            ]),
          },
          { type: 'bulletList', content: ['first point', 'second point'].map((text) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })) },
        ],
      };
      insertNote(
        db,
        createObjectId(db, 'note'),
        { title: `Note ${n}`, doc, text: docToText(doc), references: cited.map((highlight) => ({ targetId: highlight.id, kind: 'highlight' as const, label: highlight.exact.slice(0, 40), articleId: highlight.articleId })) },
        now,
      );
    }
  });
}

interface TimedExport {
  seconds: number;
  /** Until startExport answers: the notebook read, before any file is made. */
  readingSeconds: number;
  cpuSeconds: number;
  /** Of cpuSeconds, the kernel's (system time). */
  systemSeconds: number;
  status: ExportStatus;
}

async function timedExport(service: ReturnType<typeof openNotebook>['service'], folder: string): Promise<TimedExport> {
  // The export does not pay for the garbage of making the notebook (or of the run before it).
  collectGarbage();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let status = await service.startExport({ folder });
  const readingSeconds = (performance.now() - started) / 1000;
  while (!status.finished) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = await service.exportStatus({ jobId: status.jobId });
  }
  if (status.error) throw new Error(status.error);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, readingSeconds, cpuSeconds: (used.user + used.system) / 1e6, systemSeconds: used.system / 1e6, status };
}
