/** Dates as a reader expects them: the day the page states, in words. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  // A date with an offset names a day in its own zone: show that day, not the viewer's.
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!day) return null;
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatLocalDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function hostname(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
