/** Text `toLowerCase` would give back unchanged: lower-case letters, digits and dashes only (a GUID in lower case). */
const LOWER = /^[a-z0-9-]*$/;

/**
 * `text.toLowerCase()`, the same string when it already is in lower case: `toLowerCase` makes a new string every time,
 * and GUIDs are lowered for every row and lookup written and every answer read.
 */
export function lowerCase(text: string): string {
  return LOWER.test(text) ? text : text.toLowerCase();
}
