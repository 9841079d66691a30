/** Tags and which articles carry them. Names are unique regardless of case. */
import type { Db } from './database';
import { createObjectId } from './objects';
import { prepared } from './statements';

export function tagIdFor(db: Db, name: string): string {
  const existing = prepared(db, 'SELECT id FROM tag WHERE name = ?').get(name) as { id: string } | undefined;
  if (existing) return existing.id;
  const id = createObjectId(db, 'tag');
  prepared(db, 'INSERT INTO tag (id, name) VALUES (?, ?)').run(id, name);
  return id;
}

/** Makes the article's tags exactly `names`. */
export function setArticleTags(db: Db, articleId: string, names: string[]): void {
  prepared(db, 'DELETE FROM article_tag WHERE article_id = ?').run(articleId);
  const insert = prepared(db, 'INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)');
  for (const name of names) insert.run(articleId, tagIdFor(db, name));
}

export function addArticleTags(db: Db, articleId: string, names: string[]): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)');
  for (const name of names) insert.run(articleId, tagIdFor(db, name));
}

/** Every tag and how many articles outside the trash carry it, by name. */
export function listTagCounts(db: Db): Array<{ name: string; count: number }> {
  return prepared(db,
      `SELECT t.name, count(a.id) AS count FROM tag t
       LEFT JOIN article_tag x ON x.tag_id = t.id LEFT JOIN article a ON a.id = x.article_id AND (a.trashed_at IS NOT NULL) = 0
       GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
    )
    .all() as Array<{ name: string; count: number }>;
}

export function tagIdOf(db: Db, name: string): string | undefined {
  return (prepared(db, 'SELECT id FROM tag WHERE name = ?').get(name) as { id: string } | undefined)?.id;
}

/**
 * Renames a tag. When `to` names another tag (in any case), the two merge: its articles gain
 * that tag, and `from` is removed. Returns the tag's name now, and whether it merged.
 */
export function renameTag(db: Db, fromId: string, to: string): { name: string; merged: boolean } {
  const target = prepared(db, 'SELECT id, name FROM tag WHERE name = ?').get(to) as { id: string; name: string } | undefined;
  if (!target || target.id === fromId) {
    prepared(db, 'UPDATE tag SET name = ? WHERE id = ?').run(to, fromId);
    return { name: to, merged: false };
  }
  prepared(db, 'INSERT OR IGNORE INTO article_tag (article_id, tag_id) SELECT article_id, ? FROM article_tag WHERE tag_id = ?').run(target.id, fromId);
  prepared(db, 'DELETE FROM article_tag WHERE tag_id = ?').run(fromId);
  prepared(db, 'DELETE FROM tag WHERE id = ?').run(fromId);
  prepared(db, 'DELETE FROM object WHERE id = ?').run(fromId);
  return { name: target.name, merged: true };
}
