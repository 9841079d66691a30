/** What every CLI command is made of: its options, how it runs, and the calls it makes. */
import type { ParseArgsConfig } from 'node:util';
import type { MethodName, MethodResult } from '../common/contract';
import { toErrorPayload } from '../common/errors';
import { dispatch } from '../dispatch';
import type { Notebook } from '../notebook';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Asks the person at the terminal and resolves to their answer; absent when no one is there (stdin is not a terminal). */
  ask?: (question: string) => Promise<string>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface Command {
  options: Options;
  run(notebook: () => Notebook, args: ParsedArgs, io: CliIo): Promise<number>;
}

/** A contract call through dispatch(), so input is validated exactly as over HTTP. */
export async function call<M extends MethodName>(notebook: Notebook, method: M, input: unknown): Promise<MethodResult<M>> {
  return (await dispatch(notebook.service, method, input)) as MethodResult<M>;
}

/**
 * A failure on stderr: "commonplace clip: page.html: <message>", or with --json one line of
 * {"error": {"code", "message"}} (and what failed, for a command given several inputs).
 */
export function reportError(io: CliIo, prefix: string, error: unknown, json: boolean, about: Record<string, string> = {}): void {
  const payload = toErrorPayload(error);
  io.err(json ? JSON.stringify({ ...about, error: payload }) : `${prefix}: ${payload.message}`);
}

export function shorten(text: string, length = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
