/** `commonplace export`: the notebook, a tag or an article to Markdown in a folder. */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, type Command } from './command';

export const EXPORT_USAGE = `  commonplace export --out DIR [--article ID | --tag T] [--full-text] [--flavor obsidian|logseq] [--json]
                                               export to Markdown (Obsidian or Logseq), with Claims.md, annotations and citations`;

export const exportCommand: Command = {
  options: {
    out: { type: 'string' },
    article: { type: 'string' },
    tag: { type: 'string' },
    'full-text': { type: 'boolean' },
    flavor: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(open, { positionals, values }, io) {
    if (typeof values.out !== 'string' || positionals.length > 0) {
      io.err('commonplace export: give the folder to export into with --out DIR.');
      return 2;
    }
    const notebook = open();
    let status = await call(notebook, 'startExport', {
      folder: resolve(values.out),
      articleId: values.article,
      tag: values.tag,
      fullText: values['full-text'] || undefined,
      flavor: values.flavor,
    });
    let reported = -1;
    while (!status.finished) {
      if (status.total >= 200 && status.done !== reported) {
        io.err(`[${status.done}/${status.total}] files prepared`);
        reported = status.done;
      }
      await sleep(100);
      status = await call(notebook, 'exportStatus', { jobId: status.jobId });
    }
    if (status.error || !status.result) throw new Error(status.error ?? 'The export did not finish.');
    const result = status.result;
    if (values.json) {
      io.out(JSON.stringify(result));
    } else {
      io.out(`Exported ${result.files} files to ${result.folder}: ${result.written.length} written, ${result.unchanged} unchanged, ${result.removed.length} removed.`);
      for (const file of result.kept) {
        io.out(file.newVersion ? `Kept ${file.path} (you changed it); the new version is ${file.newVersion}` : `Kept ${file.path} (you changed it; its item is gone)`);
      }
    }
    return 0;
  },
};
