/**
 * Checks for preferences kept in the browser's storage: each field read on its own, so an old
 * or damaged value falls back to its default and the rest are kept. Plain checks rather than
 * zod, which the app's start-up no longer loads (see lib/api.ts).
 */

/** The stored text as an object; anything else (missing, not JSON, not an object) is empty. */
export function storedObject(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function oneOf<T extends string>(options: readonly T[], value: unknown, fallback: T): T {
  return options.includes(value as T) ? (value as T) : fallback;
}

export function integerIn(range: { min: number; max: number }, value: unknown, fallback: number): number {
  return Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max ? (value as number) : fallback;
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
