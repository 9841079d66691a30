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
      // The search lists' worker thread is a second entry: the app starts it by file name.
      lib: { entry: { main: path('src-main/app/main.ts'), 'search-lists-worker': path('src-main/store/search-top-worker.ts') }, formats: ['es'] },
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
