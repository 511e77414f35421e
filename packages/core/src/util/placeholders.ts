/** `?, ?, …, ?`: a statement's bound placeholders, `count` of them (a string, not an array mapped and joined). */
export function placeholders(count: number): string {
  return count === 0 ? '' : `?${', ?'.repeat(count - 1)}`;
}
