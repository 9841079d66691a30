/**
 * YAML frontmatter. Every scalar is written as a JSON string, which YAML reads as a
 * double-quoted scalar: no title, tag or name can turn into YAML syntax.
 */
export type FrontmatterValue = string | string[] | null;

export function frontmatter(fields: Array<[key: string, value: FrontmatterValue]>): string {
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${key}: []`);
      else lines.push(`${key}:`, ...value.map((item) => `  - ${JSON.stringify(item)}`));
    } else {
      lines.push(`${key}: ${JSON.stringify(value)}`);
    }
  }
  lines.push('---');
  return lines.join('\n');
}
