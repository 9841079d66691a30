/** Dates as a reader expects them: as precise as the page states them (a year, a month or a day), in words. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  // A date with an offset names a day in its own zone: show that day, not the viewer's.
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!parts) return null;
  const [, year, month, day] = parts;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', timeZone: 'UTC', ...(month ? { month: 'short' } : {}), ...(day ? { day: 'numeric' } : {}) };
  return date.toLocaleDateString(undefined, options);
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
