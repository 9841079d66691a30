/**
 * The renderer's NotebookApi client, derived from the contract's types: a method added to the
 * contract is callable here with its types, and nothing in this file changes.
 */
import type { NotebookBridge } from '@common/bridge';
import type { MethodName, MethodResult, MethodInput } from '@common/contract';
import { fromErrorPayload, NotebookError, type ErrorPayload } from '@common/errors';

export type Client = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodResult<M>> };

/**
 * Every method name read from the client calls that method; the preload or the host refuses one
 * it does not know. Not built from the contract's list of methods: importing that value builds
 * all the contract's zod schemas, which took 50 ms of a first visit's start-up (half the time
 * from the app's code arriving to the app on screen) only to read their names.
 */
function clientFrom(call: (method: MethodName, input: unknown) => Promise<unknown>): Client {
  return new Proxy({} as Client, {
    get: (target, name, receiver) =>
      isMethodLike(name, target) ? (input: unknown) => call(name as MethodName, input) : Reflect.get(target, name, receiver),
  });
}

/** Not `then` (the client would be taken for a promise), `toJSON`, nor what every object has. */
function isMethodLike(name: string | symbol, target: object): name is string {
  return typeof name === 'string' && name !== 'then' && name !== 'toJSON' && !(name in target);
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
