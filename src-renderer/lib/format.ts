/**
 * Dates as a reader expects them: as precise as the page states them (a year, a month or a
 * day), in words. The formatters are made once: making one costs more than a library row.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(undefined, options)));
  return made;
}

export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  // A date with an offset names a day in its own zone: show that day, not the viewer's.
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!parts) return null;
  const [, year, month, day] = parts;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  return formatter({ year: 'numeric', timeZone: 'UTC', ...(month ? { month: 'short' } : {}), ...(day ? { day: 'numeric' } : {}) }).format(date);
}

export function formatLocalDate(iso: string): string {
  return formatter({ year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

export function hostname(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
