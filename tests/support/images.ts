/** Real, decodable PNG images of any size and colour, made here rather than kept as binaries. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The marker image images-article.html shows twice, from two addresses. */
export const MARKER_PNG = png(32, 20, [120, 110, 90]);

export function pngRoute(bytes: Buffer) {
  return { headers: { 'content-type': 'image/png' }, body: bytes };
}

/** tests/fixtures/images-article.html served as /survey.html, with the images it points at (one of them missing). */
export function imagesArticleRoutes(page: Buffer) {
  return {
    '/survey.html': { body: page },
    '/img/marker.png': pngRoute(MARKER_PNG),
    '/img/marker-copy.png': pngRoute(MARKER_PNG),
    '/img/fence.png': pngRoute(png(40, 10, [60, 60, 60])),
    '/img/marsh-small.png': pngRoute(png(8, 8, [20, 90, 40])),
    '/img/marsh-large.png': pngRoute(png(48, 30, [20, 90, 40])),
    '/img/missing.png': { status: 404, body: '' },
  };
}
