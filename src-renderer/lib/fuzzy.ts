/**
 * Fuzzy matching for short titles (commands): every character of the query in order, case
 * ignored. A higher score is a better match: consecutive characters and word starts count
 * more, so "tt" finds "Toggle theme" before "Edit details". Letters scattered through a
 * long title ("manicu" in "Import a reading list (Pocket CSV…)") are not a match.
 */
export function fuzzyScore(query: string, title: string): number | null {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (!needle) return 0;
  const haystack = title.toLowerCase();
  // The query as typed, inside the title, beats any scattered match; earlier beats later.
  const whole = haystack.indexOf(needle);
  if (whole >= 0) return 1000 + (whole === 0 || /[\s\-/(]/.test(haystack[whole - 1]) ? 100 : 0) - whole;
  let score = 0;
  let at = -1;
  for (const character of needle) {
    const next = haystack.indexOf(character, at + 1);
    if (next < 0) return null;
    if (next === at + 1) score += 2;
    if (next === 0 || /[\s\-/(]/.test(haystack[next - 1])) score += 3;
    at = next;
  }
  // Each character scores 0 (scattered) to 5 (a word's start, right after the last one).
  if (score < needle.length * 2) return null;
  return score - haystack.length / 100;
}
