/**
 * The renderer's NotebookApi client, derived from the contract's method list: a method added
 * to the contract is callable here with its types, and nothing in this file changes.
 */
import type { NotebookBridge } from '@common/bridge';
import { methodNames, type MethodName, type MethodResult, type MethodInput } from '@common/contract';
import { fromErrorPayload, NotebookError, type ErrorPayload } from '@common/errors';

export type Client = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodResult<M>> };

function clientFrom(call: (method: MethodName, input: unknown) => Promise<unknown>): Client {
  return Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => call(method, input)])) as Client;
}

/** In Electron: calls go through the preload's one invoke function. */
export function createIpcClient(bridge: NotebookBridge): Client {
  return clientFrom(async (method, input) => {
    const reply = await bridge.invoke(method, input ?? {});
    if (!reply.ok) throw fromErrorPayload(reply.error);
    return reply.result;
  });
}

/** In browser mode: calls are POST /api/<method> with the notebook's token. */
export function createHttpClient(token: string): Client {
  return clientFrom(async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new NotebookError('fetch_failed', 'Commonplace is not reachable: is `commonplace serve` still running?');
    }
    const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: ErrorPayload };
    if (!response.ok || body.error) {
      throw fromErrorPayload(body.error ?? { code: 'internal', message: `The app answered HTTP ${response.status}.` });
    }
    return body.result;
  });
}
