/**
 * electron-vite's config (pass it with -c electron.config.ts): the main process, the sandboxed
 * preload (one CommonJS file with its dependencies bundled, as a sandbox requires) and the
 * same renderer as browser mode.
 */
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './src-renderer/vite.config.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: path('out/main'),
      lib: { entry: path('src-main/app/main.ts'), formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: path('out/preload'),
      externalizeDeps: false,
      lib: { entry: path('src-main/app/preload.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: path('out/renderer'), rolldownOptions: { input: path('src-renderer/index.html') } },
  },
});
