/** The IPC door: the same dispatch as HTTP and the CLI, behind the sender check. */
import type { InvokeReply } from '../common/bridge';
import type { NotebookApi } from '../common/contract';
import { toErrorPayload } from '../common/errors';
import { dispatch } from '../dispatch';

export function createInvokeHandler(api: NotebookApi, isTrusted: (sender: unknown) => boolean) {
  return async (sender: unknown, method: unknown, input: unknown): Promise<InvokeReply> => {
    if (!isTrusted(sender)) return { ok: false, error: { code: 'unauthorized', message: 'This frame may not call Commonplace.' } };
    try {
      return { ok: true, result: await dispatch(api, method, input) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error) };
    }
  };
}
