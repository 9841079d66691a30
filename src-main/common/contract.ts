/**
 * The NotebookApi, declared once. Every door (the HTTP host, the CLI, Electron IPC) and the
 * renderer's client are derived from this object: a method added here is served everywhere
 * without editing a door.
 */
import { z } from 'zod';
import { errorCodes, NotebookError, type ErrorCode } from './errors';
import { ID_PATTERN } from './ids';
import type { ArticleDetail, ArticleSummary, Backlinks, CaptureInfo, ClaimGraph, ClaimSummary, ClipResult, DocNode, Highlight, Link, Note, NoteSummary, SearchResults } from './model';
import { articleSorts, claimSorts, highlightColors, linkRelations, readingStates } from './model';
import type { ImportStatus } from './imports';
import { exportFlavors, type ExportStatus } from './export-model';
import { docDepthExceeds, MAX_COMMENT_CHARS, MAX_NOTE_BYTES, MAX_NOTE_DEPTH, MAX_PAGE_BYTES, megabytes } from './limits';

const id = z.string().regex(ID_PATTERN, 'must be a Commonplace id (16 letters and digits 2–7)');
const webUrl = z
  .string()
  .max(8192)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http(s) URL');
const tagName = z.string().trim().min(1, 'must not be empty').max(100).regex(/^[^\n\r\t]+$/, 'must be one line');
const libraryFilter = {
  state: z.enum(readingStates).optional(),
  trashed: z.boolean().optional(),
  tag: tagName.optional(),
  site: z.string().trim().min(1, 'is empty').max(300).optional(),
  hasHighlights: z.boolean().optional(),
  hasClaims: z.boolean().optional(),
};
const statement = z.string().max(5000);
const rationale = z.string().max(20_000);
const noteTitle = z.string().max(500);
const comment = z.string().max(MAX_COMMENT_CHARS, `is longer than the ${MAX_COMMENT_CHARS.toLocaleString('en-US')}-character limit for a comment`);
const pageLimit = `is larger than the ${megabytes(MAX_PAGE_BYTES)} page limit`;
const noteLimit = `is larger than the ${megabytes(MAX_NOTE_BYTES)} note limit`;
/**
 * How deep a note's JSON may nest: two levels a block (the node and its content list), and a
 * few for marks and attributes. Blocks are counted on their own, but lists nested in a content
 * list or in attributes are not blocks, and JSON.stringify would overflow on thousands of them.
 */
const MAX_NOTE_JSON_NESTING = 2 * MAX_NOTE_DEPTH + 10;

/** Whether a JSON value has arrays or objects nested more than `limit` deep, walked without recursion. */
function jsonNestingExceeds(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/**
 * A note's document as the editor saves it; the service checks it against the note schema.
 * Its depth is checked first: measuring the size of a document nested thousands deep would
 * overflow the stack.
 */
const noteDoc = z
  .custom<DocNode>((value) => typeof value === 'object' && value !== null && (value as DocNode).type === 'doc', 'must be a document ({"type": "doc", …})')
  .superRefine((doc, context) => {
    if (docDepthExceeds(doc, MAX_NOTE_DEPTH)) {
      context.addIssue({ code: 'custom', message: `nests its blocks more than ${MAX_NOTE_DEPTH} deep (quotes in quotes, lists in lists)`, params: { code: 'too_deep' } });
    } else if (jsonNestingExceeds(doc, MAX_NOTE_JSON_NESTING)) {
      context.addIssue({ code: 'custom', message: `nests its JSON more than ${MAX_NOTE_JSON_NESTING} levels deep`, params: { code: 'too_deep' } });
    } else if (JSON.stringify(doc).length > MAX_NOTE_BYTES) {
      context.addIssue({ code: 'custom', message: noteLimit, params: { code: 'too_large' } });
    }
  });
const isoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/, 'must be an ISO 8601 date (YYYY, YYYY-MM-DD, or a full timestamp)');

interface MethodSpec<Input extends z.ZodType, Result> {
  input: Input;
  summary: string;
  /** Phantom: carries the result type, never read at run time. */
  result?: Result;
}

function method<Result>() {
  return <Input extends z.ZodType>(input: Input, summary: string): MethodSpec<Input, Result> => ({
    input,
    summary,
  });
}

export const contract = {
  clipUrl: method<ClipResult>()(
    z.strictObject({ url: webUrl }),
    'Fetch a web page and clip its article (a new article, or a new capture of one already kept).',
  ),
  clipFile: method<ClipResult>()(
    z.strictObject({
      fileName: z.string().min(1).max(1024),
      contentBase64: z
        .string()
        .min(1, 'is empty')
        .max(Math.ceil(MAX_PAGE_BYTES / 3) * 4, pageLimit)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    }),
    'Clip the article of a saved HTML file (its bytes, base64-encoded).',
  ),
  clipHtml: method<ClipResult>()(
    z.strictObject({
      html: z.string().min(1, 'is empty').max(MAX_PAGE_BYTES, pageLimit),
      url: webUrl.optional(),
    }),
    'Clip HTML sent by the browser (the bookmarklet) or pasted, with the address it came from.',
  ),
  listArticles: method<ArticleSummary[]>()(
    z.strictObject({
      ...libraryFilter,
      sort: z.enum(articleSorts).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    'List the library (or the trash): newest clip first unless sorted by published date, title or site; filtered; a page of it with offset and limit.',
  ),
  countArticles: method<{ total: number }>()(z.strictObject(libraryFilter), 'How many articles listArticles would list with these filters, over all pages.'),
  listTags: method<Array<{ name: string; count: number }>>()(z.strictObject({}), 'Every tag with how many articles (trash excluded) carry it, by name.'),
  renameTag: method<{ name: string; merged: boolean }>()(
    z.strictObject({ from: tagName, to: tagName }),
    'Rename a tag; renaming it to a tag that exists merges the two.',
  ),
  getArticle: method<ArticleDetail>()(
    z.strictObject({ id, captureId: id.optional() }),
    'Open an article: its metadata and a capture (the newest unless one is named).',
  ),
  listCaptures: method<CaptureInfo[]>()(z.strictObject({ id }), 'List the captures of an article, newest first.'),
  reextractArticle: method<ClipResult>()(
    z.strictObject({ id }),
    'Run extraction again on the raw page kept with the newest capture, as a new capture.',
  ),
  updateArticle: method<ArticleSummary>()(
    z.strictObject({
      id,
      title: z.string().trim().min(1, 'must not be empty').max(1000).nullable().optional(),
      authors: z.array(z.string().trim().min(1).max(300)).max(100).nullable().optional(),
      publishedAt: isoDate.nullable().optional(),
      siteName: z.string().trim().min(1).max(300).nullable().optional(),
    }),
    "Correct an article's metadata; a correction survives re-clips. null removes a correction.",
  ),
  setReadingState: method<ArticleSummary>()(z.strictObject({ id, state: z.enum(readingStates) }), 'Mark an article unread, read or archived.'),
  setTags: method<ArticleSummary>()(z.strictObject({ id, tags: z.array(tagName).max(200) }), "Set an article's tags."),
  trashArticle: method<ArticleSummary>()(z.strictObject({ id }), 'Move an article to the trash (its highlights and notes are kept).'),
  restoreArticle: method<ArticleSummary>()(z.strictObject({ id }), 'Bring an article back from the trash.'),
  emptyTrash: method<{ deleted: number }>()(z.strictObject({}), 'Delete the articles in the trash for good.'),
  startImport: method<ImportStatus>()(
    z.strictObject({ fileName: z.string().min(1).max(1024), content: z.string().min(1, 'is empty').max(MAX_PAGE_BYTES, `is larger than the ${megabytes(MAX_PAGE_BYTES)} limit for a reading list`) }),
    "Import a reading list: Pocket's CSV export, or a text file of URLs (one a line).",
  ),
  importStatus: method<ImportStatus>()(z.strictObject({ jobId: z.string().regex(/^[a-z2-7]{16}$/, 'must be an import id') }), 'How far an import has got.'),
  createHighlight: method<Highlight>()(
    z
      .strictObject({
        articleId: id,
        /** A range of the newest capture's text… */
        start: z.number().int().min(0).optional(),
        end: z.number().int().min(1).optional(),
        /** …or a quote, with context when it occurs more than once. */
        exact: z.string().min(1).max(20_000).optional(),
        prefix: z.string().max(1000).optional(),
        suffix: z.string().max(1000).optional(),
        color: z.enum(highlightColors).optional(),
        comment: comment.optional(),
        isClaim: z.boolean().optional(),
      })
      .refine((input) => (input.start !== undefined && input.end !== undefined) !== (input.exact !== undefined), {
        message: 'give either start and end, or exact (with prefix or suffix if the quote occurs more than once)',
        path: ['exact'],
      }),
    'Highlight a passage of the newest capture, by its range or by quoting it.',
  ),
  listHighlights: method<Highlight[]>()(
    z.strictObject({ articleId: id, captureId: id.optional() }),
    "An article's highlights, placed on a capture (the newest unless named), in reading order.",
  ),
  updateHighlight: method<Highlight>()(
    z.strictObject({
      id,
      color: z.enum(highlightColors).optional(),
      comment: comment.nullable().optional(),
      isClaim: z.boolean().optional(),
      statement: statement.nullable().optional(),
      start: z.number().int().min(0).optional(),
      end: z.number().int().min(1).optional(),
    }),
    "Change a highlight's colour, comment, claim mark or claim statement (its restatement in your words), or its extent (a new range of the newest capture).",
  ),
  deleteHighlight: method<{ deleted: string }>()(
    z.strictObject({ id }),
    'Delete a highlight (it can be restored for a day). Links and notes that refer to it keep its quote and say it was deleted.',
  ),
  restoreHighlight: method<Highlight>()(z.strictObject({ id }), 'Bring back a highlight deleted in the last day (undo).'),
  search: method<SearchResults>()(
    z.strictObject({ query: z.string().max(2000), limit: z.number().int().min(1).max(200).optional() }),
    'Search articles, highlights, claims and notes with the query language (see the README); `limit` results of each type.',
  ),
  createLink: method<Link>()(
    z.strictObject({ from: id, to: id, relation: z.enum(linkRelations), rationale: rationale.optional() }),
    'Link two highlights or claims (in one article or across articles): from supports, contradicts, is the same as, or is related to to.',
  ),
  updateLink: method<Link>()(
    z.strictObject({ id, relation: z.enum(linkRelations).optional(), rationale: rationale.nullable().optional() }),
    "Change a link's relation or rationale (null removes the rationale).",
  ),
  deleteLink: method<{ deleted: string }>()(z.strictObject({ id }), 'Delete a link.'),
  listLinks: method<Backlinks>()(
    z.strictObject({ id }),
    "What points at a highlight, claim, article or note, and what it points at: a highlight's links out and in, and the notes that cite it.",
  ),
  listArticleLinks: method<Record<string, Backlinks>>()(
    z.strictObject({ articleId: id }),
    "listLinks for every highlight of an article at once, by highlight id: what the reader's panel shows.",
  ),
  listClaims: method<ClaimSummary[]>()(
    z.strictObject({
      contested: z.boolean().optional(),
      tag: tagName.optional(),
      articleId: id.optional(),
      site: z.string().trim().min(1, 'is empty').max(300).optional(),
      sort: z.enum(claimSorts).optional(),
    }),
    'Every claim (trash excluded) with its supporting and contradicting passages and their sources; contested: claims with both. Most linked first unless sorted by recent.',
  ),
  claimGraph: method<ClaimGraph>()(z.strictObject({}), 'Claims, the passages linked to them, and every link among them, for the graph view.'),
  listNotes: method<NoteSummary[]>()(z.strictObject({}), 'Every note, most recently changed first.'),
  getNote: method<Note>()(z.strictObject({ id }), 'Open a note: its document, text and references (each saying whether its target still exists).'),
  createNote: method<Note>()(
    z.strictObject({
      title: noteTitle.optional(),
      doc: noteDoc.optional(),
      markdown: z.string().max(MAX_NOTE_BYTES, noteLimit).optional(),
    }),
    'Start a note: empty, from a document, or from Markdown.',
  ),
  saveNote: method<NoteSummary>()(z.strictObject({ id, title: noteTitle, doc: noteDoc }), "Save a note's title and document (the editor autosaves)."),
  deleteNote: method<{ deleted: string }>()(z.strictObject({ id }), 'Delete a note for good; notes that cite it keep its title and say it was deleted.'),
  quoteIntoNote: method<Note>()(
    z.strictObject({ highlightId: id, noteId: id.optional() }),
    'Append a highlight to a note as a block quote with its inline formatting, linked to its source; without noteId, into a new note.',
  ),
  startExport: method<ExportStatus>()(
    z.strictObject({
      folder: z.string().trim().min(1, 'is empty').max(4096),
      articleId: id.optional(),
      tag: tagName.optional(),
      fullText: z.boolean().optional(),
      flavor: z.enum(exportFlavors).optional(),
    }),
    "Export to Markdown in a folder: one article, a tag's articles, or everything (with notes, Claims.md, annotations.jsonld and citations). Re-exporting never overwrites a file you changed.",
  ),
  exportStatus: method<ExportStatus>()(
    z.strictObject({ jobId: z.string().regex(/^[a-z2-7]{16}$/, 'must be an export id') }),
    'How far an export has got, and what it wrote once finished.',
  ),
  bookmarklet: method<{ href: string; port: number }>()(
    z.strictObject({}),
    'The bookmarklet that sends the page open in the browser to this notebook.',
  ),
  notebookVersion: method<{ version: string }>()(
    z.strictObject({}),
    'A version of everything the notebook holds: it differs after any change committed since, by this process or another (the CLI, another window or host). The app polls it to show changes made elsewhere.',
  ),
};

/** Events main may push to the window (Electron only; browser mode reloads what it shows). */
export const eventNames = ['libraryChanged', 'clipUrlRequested'] as const;
export type EventName = (typeof eventNames)[number];

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> =
  Contract[M] extends MethodSpec<z.ZodType, infer Result> ? Result : never;

/** The service's shape, and the renderer client's. */
export type NotebookApi = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodResult<M>>;
};

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Validates a door's input against the contract; the error names the offending field. */
export function parseInput<M extends MethodName>(name: M, input: unknown): ParsedInput<M> {
  // reportInput puts the offending value on each issue: a missing field is told from a wrong one.
  const result = contract[name].input.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data as ParsedInput<M>;
  // zod checks a whole number's safe range before the schema's own bounds, which say more.
  const issue = result.error.issues.find((candidate) => !('origin' in candidate && candidate.origin === 'int')) ?? result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message =
    issue.code === 'unrecognized_keys'
      ? `${name}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : `${name}: ${field ?? 'input'} ${describeIssue(issue)}`;
  throw new NotebookError(issueCode(issue), message, field ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined));
}

/** Text or a list over its limit is too large; a schema's own check may name its code (too_deep). */
function issueCode(issue: z.core.$ZodIssue): ErrorCode {
  if (issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array')) return 'too_large';
  const named = issue.code === 'custom' ? issue.params?.code : undefined;
  return (errorCodes as readonly unknown[]).includes(named) ? (named as ErrorCode) : 'invalid_input';
}

const TYPE_NAMES: Record<string, string> = { string: 'a string', int: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'an array' };

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  if (issue.code === 'too_small' && issue.message.startsWith('Too small')) {
    const limit = Number(issue.minimum).toLocaleString('en-US');
    if (issue.origin === 'string') return Number(issue.minimum) === 1 ? 'must not be empty' : `is shorter than ${limit} characters`;
    if (issue.origin === 'array') return `needs at least ${limit} items`;
    return `must be at least ${limit}`;
  }
  // zod's own wording ("Too big: expected string to have <=5000 characters") reads as code.
  if (issue.code === 'too_big' && issue.message.startsWith('Too big')) {
    const limit = Number(issue.maximum).toLocaleString('en-US');
    if (issue.origin === 'string') return `is longer than the ${limit}-character limit`;
    if (issue.origin === 'array') return `has more than ${limit} items, the limit`;
    return `must be at most ${limit}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}
