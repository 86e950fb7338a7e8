/**
 * CAP 1.2 date-times. The schema's pattern is
 * `\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d`: an explicit offset, no `Z`,
 * no fractions of a second.
 */

const CAP_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * `2026-11-23T15:04:05+00:00`, always in UTC. Fractions of a second are
 * dropped (truncated), since CAP cannot carry them.
 */
export function formatCapDate(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('formatCapDate: invalid Date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatCapDate: year ${year} is outside 0000-9999`);
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00:00`
  );
}

/**
 * Reads a CAP date-time into an instant, or returns `undefined` when the text
 * does not match the CAP pattern or names an impossible date.
 */
export function parseCapDate(text: string): Date | undefined {
  const m = CAP_DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = [
    m[1],
    m[2],
    m[3],
    m[4],
    m[5],
    m[6],
    m[8],
    m[9],
  ].map(Number);
  const sign = m[7] === '-' ? -1 : 1;
  if (hour > 23 || minute > 59 || second > 59 || offH > 14 || offM > 59) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  // Reject 2026-02-30 and the like, which Date would roll over silently.
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    return undefined;
  }
  return new Date(utc.getTime() - sign * (offH * 60 + offM) * 60_000);
}

/** Atom (RFC 3339) date-time: `2026-11-23T15:04:05Z`, whole seconds. */
export function formatAtomDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatAtomDate: invalid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
