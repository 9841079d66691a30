/**
 * Errors every door understands. A `code` is stable (scripts and the renderer branch on it);
 * the message is for people and names what went wrong specifically.
 */
export const errorCodes = [
  'invalid_input',
  'invalid_query',
  'unknown_method',
  'not_found',
  'conflict',
  'fetch_failed',
  'timeout',
  'too_large',
  'too_many_redirects',
  'unsupported_content',
  'pdf_not_supported',
  'not_html',
  'empty_page',
  'unknown_charset',
  'no_article',
  'too_deep',
  'unauthorized',
  'database_too_new',
  // The notebook's database is damaged or missing: restore a backup (store/backups.ts).
  'corrupt_database',
  // SQLite had no room to write: nothing of the write was kept.
  'disk_full',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class NotebookError extends Error {
  readonly code: ErrorCode;
  /** The input field the error is about, for validation errors. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'NotebookError';
    this.code = code;
    this.field = field;
  }
}

/** The plain-data form of an error as it crosses a door (HTTP body, IPC, CLI --json). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  field?: string;
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof NotebookError) {
    return error.field === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, field: error.field };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function fromErrorPayload(payload: ErrorPayload): NotebookError {
  const code = (errorCodes as readonly string[]).includes(payload.code) ? payload.code : 'internal';
  return new NotebookError(code, payload.message, payload.field);
}
