/**
 * The due date for a posting date and a payment terms' due date formula. Supported formulas are a whole number and
 * a unit, as NAV writes the simple ones: `14D` (days), `2W` (weeks), `1M` (months), `1Y` (years), and `CM` (end of
 * the current month). Months and years keep the day of the month where it exists and otherwise take the month's
 * last day (31 January + 1M = 28 February), as NAV's `CalcDate`. No formula, or one of another shape, makes the
 * invoice due on the posting date.
 */
export function dueDate(postingDate: string, formula: string | null | undefined): string {
  const date = new Date(`${postingDate}T00:00:00Z`);
  const text = formula?.trim().toUpperCase() ?? '';
  const match = /^(\d+)([DWMY])$/.exec(text);
  if (text === 'CM') return addMonths(date, 1, 0);
  if (!match) return postingDate;
  const n = Number(match[1]);
  if (match[2] === 'M') return addMonths(date, n);
  if (match[2] === 'Y') return addMonths(date, 12 * n);
  date.setUTCDate(date.getUTCDate() + (match[2] === 'W' ? 7 * n : n));
  return date.toISOString().slice(0, 10);
}

/** `months` later, on the same day or the month's last day; `day` 0 means the last day of the month before. */
function addMonths(date: Date, months: number, day = date.getUTCDate()): string {
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate();
  const result = day === 0
    ? new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 0))
    : new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, Math.min(day, lastDay)));
  return result.toISOString().slice(0, 10);
}
