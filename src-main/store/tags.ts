/** Tags and which articles carry them. Names are unique regardless of case. */
import type { Db } from './database';
import { createObjectId } from './objects';

export function tagIdFor(db: Db, name: string): string {
  const existing = db.prepare('SELECT id FROM tag WHERE name = ?').get(name) as { id: string } | undefined;
  if (existing) return existing.id;
  const id = createObjectId(db, 'tag');
  db.prepare('INSERT INTO tag (id, name) VALUES (?, ?)').run(id, name);
  return id;
}

/** Makes the article's tags exactly `names`. */
export function setArticleTags(db: Db, articleId: string, names: string[]): void {
  db.prepare('DELETE FROM article_tag WHERE article_id = ?').run(articleId);
  const insert = db.prepare('INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)');
  for (const name of names) insert.run(articleId, tagIdFor(db, name));
}

export function addArticleTags(db: Db, articleId: string, names: string[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)');
  for (const name of names) insert.run(articleId, tagIdFor(db, name));
}
