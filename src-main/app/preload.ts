/**
 * The preload: one `invoke(method, input)` checked against the contract's method list,
 * `subscribe` for the contract's event names, and `chooseFolder` (the system's folder dialog,
 * which takes nothing and answers a path or null). Input is validated in main, not here.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, isMethodName, type EventName } from '../common/contract';
import { CHOOSE_FOLDER_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

contextBridge.exposeInMainWorld('notebook', {
  invoke(method: unknown, input: unknown): Promise<unknown> {
    if (!isMethodName(method)) return Promise.reject(new Error(`Unknown method ${String(method)}`));
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input);
  },
  subscribe(event: unknown, listener: unknown): () => void {
    if (!(eventNames as readonly unknown[]).includes(event) || typeof listener !== 'function') {
      throw new Error(`Unknown event ${String(event)}`);
    }
    const forward = (_: unknown, name: EventName) => {
      if (name === event) listener();
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(EVENT_CHANNEL, forward);
  },
  async chooseFolder(): Promise<string | null> {
    const folder: unknown = await ipcRenderer.invoke(CHOOSE_FOLDER_CHANNEL);
    return typeof folder === 'string' ? folder : null;
  },
});
