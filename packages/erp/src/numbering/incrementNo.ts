/**
 * The next number after `no`, as NAV's `IncStr`: the last run of digits goes up by one and keeps its width
 * (`SO-00099` → `SO-00100`); `undefined` when `no` has no digits, or when the run is all nines (it would overflow).
 */
export function incrementNo(no: string): string | undefined {
  const match = /(\d+)(\D*)$/.exec(no);
  if (!match) return undefined;
  const digits = match[1]!;
  const next = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  if (next.length > digits.length) return undefined;
  return no.slice(0, match.index) + next + match[2];
}
