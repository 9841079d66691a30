import { afterEach } from 'vitest';
import { tempDir } from './temp';

/**
 * For a describe block of vitest tests: returns a function that makes a fresh temp folder,
 * removed after the test that made it.
 */
export function tempFolders(prefix?: string): () => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  return () => {
    const { dir, cleanup } = tempDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}
