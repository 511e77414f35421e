/**
 * The due date for a posting date and a payment terms' due date formula. Supported formulas are a whole number and
 * a unit, as NAV writes the simple ones: `14D` (days), `2W` (weeks), `1M` (months), `1Y` (years), and `CM` (end of
 * the current month). No formula, or one of another shape, makes the invoice due on the posting date.
 */
export function dueDate(postingDate: string, formula: string | null | undefined): string {
  const date = new Date(`${postingDate}T00:00:00Z`);
  const text = formula?.trim().toUpperCase() ?? '';
  const match = /^(\d+)([DWMY])$/.exec(text);
  if (text === 'CM') {
    date.setUTCMonth(date.getUTCMonth() + 1, 0);
  } else if (match) {
    const n = Number(match[1]);
    if (match[2] === 'D') date.setUTCDate(date.getUTCDate() + n);
    if (match[2] === 'W') date.setUTCDate(date.getUTCDate() + 7 * n);
    if (match[2] === 'M') date.setUTCMonth(date.getUTCMonth() + n);
    if (match[2] === 'Y') date.setUTCFullYear(date.getUTCFullYear() + n);
  }
  return date.toISOString().slice(0, 10);
}
