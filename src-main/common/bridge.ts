/** What the Electron preload exposes as `window.notebook`, and what its calls return. */
import type { ErrorPayload } from './errors';
import type { EventName } from './contract';

/** Errors cross IPC as plain data: Electron keeps only an Error's message. */
export type InvokeReply = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export interface NotebookBridge {
  invoke(method: string, input: unknown): Promise<InvokeReply>;
  subscribe(event: EventName, listener: () => void): () => void;
  /** The system's folder dialog (to export into); null when the user cancels it. */
  chooseFolder(): Promise<string | null>;
}
