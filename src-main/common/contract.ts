/**
 * The NotebookApi, declared once. Every door (the HTTP host, the CLI, later Electron IPC)
 * and the renderer's client are derived from this object: a method added here is served
 * everywhere without editing a door.
 */
import { z } from 'zod';
import { NotebookError } from './errors';
import { ID_PATTERN } from './ids';
import type { ArticleDetail, ArticleSummary } from './model';

/** The largest page Commonplace accepts, fetched or sent (20 MB). */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

const id = z.string().regex(ID_PATTERN, 'must be a Commonplace id (16 letters and digits 2–7)');
const webUrl = z
  .string()
  .max(8192)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http(s) URL');

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
  clipUrl: method<ArticleSummary>()(
    z.strictObject({ url: webUrl }),
    'Fetch a web page and clip its article into the library.',
  ),
  clipFile: method<ArticleSummary>()(
    z.strictObject({
      fileName: z.string().min(1).max(1024),
      contentBase64: z
        .string()
        .min(1, 'is empty')
        .max(Math.ceil(MAX_PAGE_BYTES / 3) * 4, 'is larger than the 20 MB page limit')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    }),
    'Clip the article of a saved HTML file (its bytes, base64-encoded).',
  ),
  listArticles: method<ArticleSummary[]>()(z.strictObject({}), 'List the library, newest clip first.'),
  getArticle: method<ArticleDetail>()(
    z.strictObject({ id }),
    'Open an article: its metadata and newest capture (document, text, HTML).',
  ),
};

/** Events main may push to the window (Electron only; browser mode polls by reloading). */
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
  const result = contract[name].input.safeParse(input ?? {});
  if (result.success) return result.data as ParsedInput<M>;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message =
    issue.code === 'unrecognized_keys'
      ? `${name}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : `${name}: ${field ?? 'input'} ${describeIssue(issue)}`;
  throw new NotebookError('invalid_input', message, field ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}
