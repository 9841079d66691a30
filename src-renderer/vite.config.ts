import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from '../src-main/common/csp.ts';

/** Writes the one CSP declaration into index.html, so the page carries it however it is served. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'commonplace-csp',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * Lists the app's code (boot.ts's chunk and every chunk it imports) as module preloads in
 * index.html. main.ts imports boot.ts dynamically, after asking for the library's first page;
 * without these links the browser learns of that code only once main.ts has run.
 */
function preloadBoot(): Plugin {
  return {
    name: 'commonplace-preload-boot',
    transformIndexHtml(_html, context) {
      const chunks = Object.values(context.bundle ?? {}).filter((output) => output.type === 'chunk');
      const boot = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/src-renderer/boot.ts'));
      if (!boot) return [];
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const needed = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = byName.get(fileName);
        if (!chunk || chunk.isEntry || needed.has(fileName)) return;
        needed.add(fileName);
        chunk.imports.forEach(visit);
      };
      visit(boot.fileName);
      const scripts = [...needed];
      const styles = scripts.flatMap((fileName) => [...(byName.get(fileName)?.viteMetadata?.importedCss ?? [])]);
      return [
        ...scripts.map((fileName) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' as const })),
        ...styles.map((fileName) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' as const })),
      ];
    },
  };
}

// The renderer imports only src-main/common, through this alias (checked by tests/tools/check-layers.ts).
export const rendererConfig: UserConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte(), contentSecurityPolicy(), preloadBoot()],
  resolve: { alias: { '@common': fileURLToPath(new URL('../src-main/common', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
};

export default defineConfig(rendererConfig);
