/**
 * The command line: a door over the same service. Each command turns its arguments into a
 * contract call through dispatch(), so input is validated exactly as over HTTP.
 * Commands, flags and JSON field names are a public interface: scripts depend on them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { MAX_PAGE_BYTES, megabytes } from '../common/limits';
import { NotebookError, toErrorPayload } from '../common/errors';
import { parseImportList, type ImportItem } from '../common/imports';
import type { ArticleDetail, ArticleSummary } from '../common/model';
import { refetchAddress } from '../common/model';
import { resolveDataDir } from '../data-dir';
import { startHost } from '../host/server';
import { loadOrCreateToken } from '../host/token';
import { openNotebook, type Notebook } from '../notebook';
import { argumentCommands, ARGUMENT_USAGE } from './argument-commands';
import { backupCommands, BACKUP_USAGE, closeAfterCommand, offerRestoreAtTerminal } from './backup-commands';
import { call, reportError, shorten, type CliIo, type Command, type Options, type ParsedArgs } from './command';
import { articleDocHtml } from '../export/doc-html';
import { exportCommand, EXPORT_USAGE } from './export-command';

export const USAGE = `Commonplace: a research notebook for the web.

Usage:
  commonplace clip <url-or-file>... [--json]   clip web pages or saved .html files
  commonplace clip --from FILE [--json]        clip every URL in FILE (one a line)
  commonplace import <file-or-folder> [--json] import Pocket's CSV export, a list of URLs, or a folder of .html files
  commonplace list [--json]                    list the library, newest first
  commonplace highlight <articleId> --quote TEXT [--prefix T] [--suffix T] [--color C] [--comment T] [--claim] [--json]
                                               highlight a passage of the newest capture
  commonplace highlights <articleId> [--json]  list an article's highlights with their status
  commonplace reclip <articleId|url> [--json]  clip the article's page again and report how highlights re-anchored
  commonplace search "<query>" [--limit N] [--json]
                                               search articles, highlights and claims (see the README for the query language)
  commonplace show <id> [--text | --json]      show an article's details, text, or JSON
${ARGUMENT_USAGE}
${EXPORT_USAGE}
${BACKUP_USAGE}
  commonplace serve [--port N]                 serve the app on http://127.0.0.1 (browser mode)
  commonplace --help                           this help

Every command takes --data DIR (default: $COMMONPLACE_DATA, else the platform's data folder,
on Linux $XDG_DATA_HOME/commonplace). --json prints one JSON object per line.
Errors go to stderr; the exit code is non-zero when anything failed.`;

export type { CliIo };

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  ...(process.stdin.isTTY ? { ask: askAtTerminal } : {}),
};

async function askAtTerminal(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

const DATA_OPTION: Options = { data: { type: 'string' } };

const commands: Record<string, Command> = {
  clip: { options: { json: { type: 'boolean' }, from: { type: 'string' } }, run: clipCommand },
  import: { options: { json: { type: 'boolean' } }, run: importCommand },
  list: { options: { json: { type: 'boolean' } }, run: listCommand },
  show: { options: { json: { type: 'boolean' }, text: { type: 'boolean' } }, run: showCommand },
  serve: { options: { port: { type: 'string' } }, run: serveCommand },
  highlight: {
    options: {
      quote: { type: 'string' },
      prefix: { type: 'string' },
      suffix: { type: 'string' },
      color: { type: 'string' },
      comment: { type: 'string' },
      claim: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: highlightCommand,
  },
  highlights: { options: { json: { type: 'boolean' } }, run: highlightsCommand },
  reclip: { options: { json: { type: 'boolean' } }, run: reclipCommand },
  search: { options: { json: { type: 'boolean' }, limit: { type: 'string' } }, run: searchCommand },
  ...argumentCommands,
  export: exportCommand,
  ...backupCommands,
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`commonplace: unknown command "${name}". Run commonplace --help.`);
    return 2;
  }
  let args: ParsedArgs;
  try {
    const parsed = parseArgs({ args: rest, options: { ...DATA_OPTION, ...command.options, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
    args = { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    io.err(`commonplace ${name}: ${(error as Error).message}`);
    return 2;
  }
  if (args.values.help) {
    io.out(USAGE);
    return 0;
  }
  let notebook: Notebook | undefined;
  const open = () => (notebook ??= openNotebook(resolveDataDir({ flag: args.values.data as string | undefined, env: io.env })));
  try {
    return await command.run(open, args, io);
  } catch (error) {
    reportError(io, `commonplace ${name}`, error, args.values.json === true);
    return 1;
  } finally {
    if (name !== 'serve' && notebook) await closeAfterCommand(notebook, io);
  }
}

async function clipCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (typeof values.from === 'string') {
    if (positionals.length > 0) {
      io.err('commonplace clip: give URLs or --from FILE, not both.');
      return 2;
    }
    return importItems(open(), parseImportList('urls.txt', readFileSync(values.from, 'utf8')), values.from, Boolean(values.json), io);
  }
  if (positionals.length === 0) {
    io.err('commonplace clip: give at least one URL or .html file.');
    return 2;
  }
  const notebook = open();
  let failed = 0;
  for (const target of positionals) {
    try {
      const article = /^https?:\/\//i.test(target)
        ? await call(notebook, 'clipUrl', { url: target })
        : await call(notebook, 'clipFile', readFileInput(target));
      io.out(values.json ? JSON.stringify(article) : `Clipped ${article.id}  ${article.title}`);
    } catch (error) {
      failed++;
      reportError(io, `commonplace clip: ${target}`, error, values.json === true, { input: target });
    }
  }
  return failed > 0 ? 1 : 0;
}

async function importCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('commonplace import: give one file (Pocket CSV or a list of URLs) or one folder of .html files.');
    return 2;
  }
  const [path] = positionals;
  if (!existsSync(path)) throw new NotebookError('invalid_input', `${path}: no such file or folder.`);
  if (statSync(path).isDirectory()) return importFolder(open(), path, Boolean(values.json), io);
  return importItems(open(), parseImportList(basename(path), readFileSync(path, 'utf8')), path, Boolean(values.json), io);
}

/** Clips a reading list with progress on stderr and the failures, with their reasons, at the end. */
async function importItems(notebook: Notebook, items: ImportItem[], source: string, json: boolean, io: CliIo): Promise<number> {
  if (items.length === 0) {
    io.err(`commonplace: ${source} has no URLs to import.`);
    return 1;
  }
  const result = await notebook.service.importItems(items, (progress) => {
    const note = progress.outcome === 'skipped' ? ' (already in the library)' : progress.outcome === 'failed' ? ` failed: ${progress.reason}` : '';
    io.err(`[${progress.index}/${progress.total}] ${progress.url}${note}`);
    if (json) io.out(JSON.stringify({ url: progress.url, outcome: progress.outcome, ...(progress.reason ? { reason: progress.reason } : {}) }));
  });
  return reportImport(result.clipped, result.skipped, result.failures, io);
}

async function importFolder(notebook: Notebook, folder: string, json: boolean, io: CliIo): Promise<number> {
  const files = readdirSync(folder).filter((name) => /\.(x?html?)$/i.test(name)).sort();
  const failures: Array<{ url: string; reason: string }> = [];
  let clipped = 0;
  let skipped = 0;
  for (const [index, name] of files.entries()) {
    const path = join(folder, name);
    try {
      const result = await call(notebook, 'clipFile', readFileInput(path));
      if (result.outcome === 'unchanged') skipped++;
      else clipped++;
      io.err(`[${index + 1}/${files.length}] ${path}${result.outcome === 'unchanged' ? ' (already in the library)' : ''}`);
      if (json) io.out(JSON.stringify(result));
    } catch (error) {
      const reason = toErrorPayload(error).message;
      failures.push({ url: path, reason });
      io.err(`[${index + 1}/${files.length}] ${path} failed: ${reason}`);
    }
  }
  return reportImport(clipped, skipped, failures, io);
}

function reportImport(clipped: number, skipped: number, failures: Array<{ url: string; reason: string }>, io: CliIo): number {
  io.err(`Clipped ${clipped}, skipped ${skipped} already in the library, ${failures.length} failed.`);
  for (const failure of failures) io.err(`  ${failure.url}: ${failure.reason}`);
  return failures.length > 0 ? 1 : 0;
}

function readFileInput(path: string): { fileName: string; contentBase64: string } {
  if (!existsSync(path)) throw new NotebookError('invalid_input', `not a URL and no such file.`);
  const stat = statSync(path);
  if (!stat.isFile()) throw new NotebookError('invalid_input', `not a file.`);
  if (stat.size > MAX_PAGE_BYTES) throw new NotebookError('too_large', `is ${megabytes(stat.size)}, larger than the ${megabytes(MAX_PAGE_BYTES)} page limit; it was not clipped.`);
  return { fileName: basename(path), contentBase64: readFileSync(path).toString('base64') };
}

async function listCommand(open: () => Notebook, { values }: ParsedArgs, io: CliIo): Promise<number> {
  const articles = await call(open(), 'listArticles', {});
  if (values.json) {
    for (const article of articles) io.out(JSON.stringify(article));
  } else if (articles.length === 0) {
    io.out('The library is empty. Clip something: commonplace clip <url-or-file>');
  } else {
    for (const article of articles) io.out(summaryLine(article));
  }
  return 0;
}

function summaryLine(article: ArticleSummary): string {
  const source = article.siteName ?? (article.url ? new URL(article.url).hostname : 'file');
  const date = (article.publishedAt ?? article.clippedAt).slice(0, 10);
  return `${article.id}  ${date}  ${article.title}  (${source}, ${article.readingMinutes} min)`;
}

async function showCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('commonplace show: give exactly one id.');
    return 2;
  }
  const article = await call(open(), 'getArticle', { id: positionals[0] });
  if (values.json) {
    const { doc, captureId: _capture, capturedAt: _captured, text, ...summary } = article;
    io.out(JSON.stringify({ ...summary, html: articleDocHtml(doc), text }));
  } else if (values.text) {
    io.out(article.text);
  } else {
    io.out(describe(article));
  }
  return 0;
}

function describe(article: ArticleDetail): string {
  const lines = [
    article.title,
    article.authors.length > 0 ? `by ${article.authors.join(', ')}` : undefined,
    article.siteName ?? undefined,
    article.url ?? undefined,
    article.publishedAt ? `published ${article.publishedAt}` : undefined,
    `clipped ${article.clippedAt}, ${article.wordCount} words (${article.readingMinutes} min)`,
    article.excerpt ? `\n${article.excerpt}` : undefined,
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}

async function highlightCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1 || typeof values.quote !== 'string') {
    io.err('commonplace highlight: give one article id and --quote "the exact text".');
    return 2;
  }
  const highlight = await call(open(), 'createHighlight', {
    articleId: positionals[0],
    exact: values.quote,
    prefix: values.prefix,
    suffix: values.suffix,
    color: values.color,
    comment: values.comment,
    isClaim: values.claim,
  });
  io.out(values.json ? JSON.stringify(highlight) : `Highlighted ${highlight.id}  “${shorten(highlight.quote.exact)}”`);
  return 0;
}

async function highlightsCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('commonplace highlights: give one article id.');
    return 2;
  }
  const highlights = await call(open(), 'listHighlights', { articleId: positionals[0] });
  for (const highlight of highlights) {
    const { placement } = highlight;
    const where = placement.status === 'fuzzy' ? `fuzzy ${placement.score}: now “${shorten(placement.text ?? '')}”` : placement.status;
    io.out(values.json ? JSON.stringify(highlight) : `${highlight.id}  ${highlight.color}${highlight.isClaim ? ' claim' : ''}  [${where}]  “${shorten(highlight.quote.exact)}”${highlight.comment ? `  — ${highlight.comment}` : ''}`);
  }
  if (!values.json && highlights.length === 0) io.out('No highlights yet.');
  return 0;
}

async function reclipCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('commonplace reclip: give one article id or URL.');
    return 2;
  }
  const notebook = open();
  let url = positionals[0];
  if (!/^https?:\/\//i.test(url)) {
    const article = await call(notebook, 'getArticle', { id: url });
    const address = refetchAddress(article);
    if (!address) throw new NotebookError('invalid_input', `The article ${url} came from a file and has no address to fetch again.`, 'id');
    url = address;
  }
  const result = await call(notebook, 'clipUrl', { url });
  if (values.json) {
    io.out(JSON.stringify(result));
    return 0;
  }
  const outcome = { new: 'Clipped a new article', captured: 'Saved a new capture', unchanged: 'Nothing changed since the last capture' }[result.outcome];
  io.out(`${outcome}: ${result.id}  ${result.title}`);
  if (result.anchors) {
    const { exact, moved, fuzzy, orphan } = result.anchors;
    io.out(`Highlights: ${exact} exact, ${moved} moved, ${fuzzy} fuzzy, ${orphan} orphaned`);
  }
  return 0;
}

async function searchCommand(open: () => Notebook, { positionals, values }: ParsedArgs, io: CliIo): Promise<number> {
  if (positionals.length !== 1) {
    io.err('commonplace search: give the query as one argument, in quotes: commonplace search "climate tag:policy".');
    return 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 200)) {
    io.err('commonplace search: --limit takes a whole number from 1 to 200.');
    return 2;
  }
  const { hits } = await call(open(), 'search', { query: positionals[0], limit });
  for (const hit of hits) {
    if (values.json) io.out(JSON.stringify(hit));
    else io.out(`${hit.type.padEnd(9)} ${hit.id}  ${shorten(hit.title)}\n          ${markMatches(hit)}`);
  }
  if (!values.json && hits.length === 0) io.out('Nothing matches.');
  return 0;
}

/** The snippet with each match in [brackets], for a terminal. */
function markMatches(hit: { snippet: string; matches: Array<{ start: number; end: number }> }): string {
  let marked = '';
  let at = 0;
  for (const match of hit.matches) {
    marked += `${hit.snippet.slice(at, match.start)}[${hit.snippet.slice(match.start, match.end)}]`;
    at = match.end;
  }
  return marked + hit.snippet.slice(at);
}

async function serveCommand(open: () => Notebook, args: ParsedArgs, io: CliIo): Promise<number> {
  const { values } = args;
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    io.err(`commonplace serve: --port must be a number from 0 to 65535, not "${values.port}".`);
    return 2;
  }
  let notebook: Notebook;
  try {
    notebook = open();
  } catch (error) {
    // Browser mode's counterpart of the app's dialog (app/recover-notebook.ts): `npm start` runs here.
    const answer = await offerRestoreAtTerminal(args, error, io);
    if (answer === 'not offered') throw error;
    if (answer === 'declined') return 1;
    notebook = open();
  }
  const token = loadOrCreateToken(notebook.dataDir);
  const host = await startHost({
    api: notebook.service,
    media: (sha256) => notebook.service.media(sha256),
    token,
    port,
    onPortTaken: (preferred, used) => io.err(`Port ${preferred} is in use; serving on port ${used} instead.`),
  });
  notebook.service.setLoopback(host.port, token);
  void notebook.buildSearchLists(new URL('../bin/search-lists-worker.mjs', import.meta.url));
  notebook.keepDailyBackups((message) => io.err(message));
  io.out(`Commonplace is serving the notebook in ${notebook.dataDir}`);
  io.out(`Open ${host.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  notebook.close();
  return 0;
}
