/** What every door does with a call: check the method, validate the input, call the service. */
import { isMethodName, methodNames, parseInput, type NotebookApi } from './common/contract';
import { NotebookError } from './common/errors';
import { storageError } from './storage-errors';

export async function dispatch(api: NotebookApi, method: unknown, input: unknown): Promise<unknown> {
  if (!isMethodName(method)) {
    throw new NotebookError('unknown_method', `Unknown method ${JSON.stringify(method)}. Known: ${methodNames.join(', ')}.`);
  }
  const parsed = parseInput(method, input);
  const call = api[method] as (input: unknown) => Promise<unknown>;
  try {
    return await call.call(api, parsed);
  } catch (error) {
    throw storageError(error, method);
  }
}
