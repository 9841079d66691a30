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

// The renderer imports only src-main/common, through this alias (checked by tests/tools/check-layers.ts).
export const rendererConfig: UserConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte(), contentSecurityPolicy()],
  resolve: { alias: { '@common': fileURLToPath(new URL('../src-main/common', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
};

export default defineConfig(rendererConfig);
