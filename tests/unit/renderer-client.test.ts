import { describe, expect, it } from 'vitest';
import type { InvokeReply, NotebookBridge } from '../../src-main/common/bridge';
import { NotebookError } from '../../src-main/common/errors';
import { createIpcClient } from '../../src-renderer/lib/api';

/** Electron's preload cannot run here: this stands in for its one invoke function. */
function recordingBridge(reply: (method: string) => InvokeReply): NotebookBridge & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    invoke: async (method) => (calls.push(method), reply(method)),
    subscribe: () => () => {},
    chooseFolder: async () => null,
  };
}

describe("the renderer's client", () => {
  it('calls the method named, with its input, and answers its result', async () => {
    const bridge = recordingBridge(() => ({ ok: true, result: { total: 3 } }));
    const client = createIpcClient(bridge);
    await expect(client.countArticles({})).resolves.toEqual({ total: 3 });
    expect(bridge.calls).toEqual(['countArticles']);
  });

  it("turns the notebook's refusal into its error", async () => {
    const client = createIpcClient(recordingBridge(() => ({ ok: false, error: { code: 'not_found', message: 'No article abc.' } })));
    const refused = await client.getArticle({ id: 'abc' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotebookError);
    expect(refused).toMatchObject({ code: 'not_found', message: 'No article abc.' });
  });

  it('is not taken for a promise, a string or JSON, and calls nothing when it is', async () => {
    const bridge = recordingBridge(() => ({ ok: true, result: null }));
    const client = createIpcClient(bridge);
    expect(await Promise.resolve(client)).toBe(client);
    expect(String(client)).toBe('[object Object]');
    expect(JSON.stringify(client)).toBe('{}');
    expect(bridge.calls).toEqual([]);
  });
});
