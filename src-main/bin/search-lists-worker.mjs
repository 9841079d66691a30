// A worker thread does not inherit tsx from the thread that starts it, so the CLI's host
// starts this file, which registers tsx and then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('../store/search-top-worker.ts');
