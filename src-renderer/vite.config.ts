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
 * Lists the app's code (boot.ts's chunk and the chunks it imports) as module preloads in
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
      const entries = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
      const scripts = [boot.fileName, ...boot.imports].filter((fileName) => !entries.has(fileName));
      const styles = [...(boot.viteMetadata?.importedCss ?? [])];
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
