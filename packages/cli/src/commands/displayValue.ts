/** A field value as short text for a table cell: empty for null, ISO for dates, JSON for objects, cut at `width`. */
export function displayValue(value: unknown, width = 40): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
