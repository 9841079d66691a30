/**
 * Bringing in a reading list: at most 4 fetches at once and at most 1 per host (so no site
 * is hammered), skipping what the notebook already has, going on past failures.
 */
import type { ImportFailure, ImportItem } from '../common/imports';
import { toErrorPayload } from '../common/errors';

export interface ImportProgress {
  index: number;
  total: number;
  url: string;
  outcome: 'clipped' | 'skipped' | 'failed';
  reason?: string;
}

export interface ImportSteps {
  isStored(url: string): boolean;
  clip(item: ImportItem): Promise<void>;
  onProgress(progress: ImportProgress): void;
}

export const IMPORT_CONCURRENCY = 4;

export async function runImport(items: ImportItem[], steps: ImportSteps, concurrency = IMPORT_CONCURRENCY): Promise<{ clipped: number; skipped: number; failures: ImportFailure[] }> {
  const pending = [...items];
  const busyHosts = new Set<string>();
  const failures: ImportFailure[] = [];
  let clipped = 0;
  let skipped = 0;
  let done = 0;
  // Workers that found only busy hosts wait here until some fetch finishes.
  let waiting: Array<() => void> = [];
  const wakeAll = () => {
    const resume = waiting;
    waiting = [];
    resume.forEach((wake) => wake());
  };

  const host = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  };
  /** The next item whose host is not being fetched, or null when all waiting ones are busy. */
  const takeNext = () => {
    const position = pending.findIndex((item) => !busyHosts.has(host(item.url)));
    return position < 0 ? null : pending.splice(position, 1)[0];
  };

  const worker = async () => {
    while (pending.length > 0) {
      const item = takeNext();
      if (!item) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      const itemHost = host(item.url);
      busyHosts.add(itemHost);
      let outcome: ImportProgress['outcome'] = 'clipped';
      let reason: string | undefined;
      try {
        if (steps.isStored(item.url)) {
          outcome = 'skipped';
          skipped++;
        } else {
          await steps.clip(item);
          clipped++;
        }
      } catch (error) {
        outcome = 'failed';
        reason = toErrorPayload(error).message;
        failures.push({ url: item.url, reason });
      } finally {
        busyHosts.delete(itemHost);
        wakeAll();
      }
      done++;
      steps.onProgress({ index: done, total: items.length, url: item.url, outcome, reason });
    }
    wakeAll();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return { clipped, skipped, failures };
}
