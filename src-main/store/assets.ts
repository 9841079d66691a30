/** The asset table: image bytes stored once per content hash; capture_asset says who uses them. */
import type { Db } from './database';
import { prepared } from './statements';

export interface Asset {
  sha256: string;
  mime: string;
  bytes: Buffer;
}

export function insertAsset(db: Db, asset: Asset, now: string): void {
  prepared(db, 'INSERT OR IGNORE INTO asset (sha256, mime, bytes, size, created_at) VALUES (?, ?, ?, ?, ?)').run(
    asset.sha256,
    asset.mime,
    asset.bytes,
    asset.bytes.length,
    now,
  );
}

export function linkCaptureAsset(db: Db, captureId: string, sha256: string, originalUrl: string): void {
  prepared(db, 'INSERT OR IGNORE INTO capture_asset (capture_id, sha256, original_url) VALUES (?, ?, ?)').run(captureId, sha256, originalUrl);
}

export function getAsset(db: Db, sha256: string): Asset | undefined {
  return prepared(db, 'SELECT sha256, mime, bytes FROM asset WHERE sha256 = ?').get(sha256) as Asset | undefined;
}

/** Images an article's earlier captures already stored, by their original address. */
export function knownArticleAssets(db: Db, articleId: string): Map<string, Asset> {
  const rows = prepared(db,
      `SELECT ca.original_url, a.sha256, a.mime, a.bytes FROM capture_asset ca
       JOIN capture c ON c.id = ca.capture_id JOIN asset a ON a.sha256 = ca.sha256
       WHERE c.article_id = ?`,
    )
    .all(articleId) as Array<Asset & { original_url: string }>;
  return new Map(rows.map((row) => [row.original_url, { sha256: row.sha256, mime: row.mime, bytes: row.bytes }]));
}

/** Assets no capture uses any more (after the trash is emptied). */
export function deleteUnusedAssets(db: Db): number {
  return prepared(db, 'DELETE FROM asset WHERE sha256 NOT IN (SELECT sha256 FROM capture_asset)').run().changes;
}
