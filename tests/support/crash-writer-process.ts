/**
 * Starting tests/support/crash-writer.ts as a child process, and following what it prints.
 * It is run by Node with tsx's loader, as src-main/bin/commonplace.mjs runs the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;
const REPO = new URL('../../', import.meta.url).pathname;

export interface WriterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface WriterProcess {
  label: string;
  child: ChildProcess;
  /** Resolves when the writer prints `line` ("loaded", "opening", "ready", "wrote N"); fails if it exits first. */
  reached(line: string): Promise<void>;
  /** Lets it open the notebook and write. */
  go(): void;
  /** Asks it to finish its round, close the notebook and exit. */
  finish(): void;
  exited: Promise<WriterExit>;
}

export function startWriter(dataDir: string, logFile: string, label: string): WriterProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, logFile, label], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const printed = new Set<string>();
  const waiting = new Map<string, () => void>();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    printed.add(line);
    waiting.get(line)?.();
  });
  const exited = new Promise<WriterExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })));
  return {
    label,
    child,
    exited,
    reached: (line) =>
      printed.has(line)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.set(line, resolve)),
            exited.then(({ code, signal }) => {
              throw new Error(`Writer ${label} exited (${code ?? signal}) before printing "${line}":\n${stderr}`);
            }),
          ]),
    go: () => child.stdin!.write('go\n'),
    finish: () => child.stdin!.end(),
  };
}
