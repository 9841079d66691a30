#!/usr/bin/env node
// `npm start`: the desktop app, or browser mode where Electron cannot run (see src-main/launch/start.ts).
import { register } from 'tsx/esm/api';

register();
const { start, realSteps } = await import('../launch/start.ts');
process.exitCode = await start(process.argv.slice(2), realSteps);
