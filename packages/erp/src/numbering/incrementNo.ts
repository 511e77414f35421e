const ZERO = 48;
const NINE = 57;

/**
 * The next number after `no`, as NAV's `IncStr`: the last run of digits goes up by one and keeps its width
 * (`SO-00099` → `SO-00100`); `undefined` when `no` has no digits, or when the run is all nines (it would overflow).
 * Counted on the characters (a carry through the trailing nines): a full sync from the CRM numbers every new customer.
 */
export function incrementNo(no: string): string | undefined {
  let end = no.length;
  while (end > 0 && !isDigit(no.charCodeAt(end - 1))) end--;
  if (end === 0) return undefined;
  let at = end - 1;
  while (at >= 0 && no.charCodeAt(at) === NINE) at--;
  // All nines to the start of the run: one more digit would change the width.
  if (at < 0 || !isDigit(no.charCodeAt(at))) return undefined;
  return no.slice(0, at) + String.fromCharCode(no.charCodeAt(at) + 1) + '0'.repeat(end - at - 1) + no.slice(end);
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}
