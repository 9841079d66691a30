/** Serving the built renderer: files under one folder, nothing outside it. */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentTypeFor(path: string): string {
  return MIME_TYPES[extname(path)] ?? 'application/octet-stream';
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
  immutable: boolean;
}

/** The file for a request path, or undefined. Unknown paths get index.html (the app routes by hash). */
export async function readStaticFile(pathname: string, root = RENDERER_DIR): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(/[/\\]/).includes('..') || decoded.includes('\0')) return undefined;
  const file = relative === '' || relative === '.' ? 'index.html' : relative;
  const path = join(root, file);
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    return {
      body: await readFile(path),
      contentType: contentTypeFor(path),
      immutable: file.startsWith('assets/'),
    };
  } catch {
    return file === 'index.html' ? undefined : readStaticFile('/', root);
  }
}
