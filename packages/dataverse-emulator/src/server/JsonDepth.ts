/**
 * True when a JSON text nests objects and arrays deeper than `limit`. A linear scan that skips strings (and their
 * escapes), run before `JSON.parse` so that nothing recursive (parsing, validation, messages) ever sees a hostile depth.
 * Malformed text is left to `JSON.parse` to report.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  // No text can nest deeper than it has brackets: a body with few (every row a client writes) needs no walk.
  if (openingBrackets(text, limit) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > limit) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

/** How many `{` and `[` the text holds (inside strings too), counting no further than `limit + 1`. */
function openingBrackets(text: string, limit: number): number {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at >= 0 && count <= limit; at = text.indexOf(bracket, at + 1)) count++;
  }
  return count;
}
