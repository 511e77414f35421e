/** Dataverse reports date-times with one-second resolution, in UTC: `2023-04-07T21:59:01Z`. */
export function toDataverseTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Parses an ISO 8601 date-time (`Z`, an offset, or none = UTC; fractional seconds allowed) or a date
 * (`2024-01-31` = midnight UTC). Returns epoch milliseconds, or undefined when it is not a valid date.
 */
export function parseDateTime(text: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), fraction ? Number(`0.${fraction}`) * 1000 : 0);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
    ms -= sign * (oh * 60 + om) * 60_000;
  }
  return ms;
}

/** `YYYY-MM-DD` of a date-only value, or undefined when invalid. */
export function parseDateOnly(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return parseDateTime(text) === undefined ? undefined : text;
}
