// A Dataverse write body being made: its entries in the order an object keeps them, and their JSON text. Used by
// `rowMapping.ts` (`recordFromValues`, `recordJsonFromValues`) for every row written, so nothing here allocates per
// row what it can keep from one body to the next.

/**
 * The entries' JSON text. Pieces joined once: the text comes out flat (a string grown by `+=` is a deep rope, which
 * writing the `$batch` body walked again, slowly). Two pieces per property — the key with what goes around it, then
 * the value — and a plain text value goes in as it is: no string is made per value (this runs for every row written).
 */
export function jsonText(entries: BodyEntries): string {
  const { keys, values, pieces } = entries;
  let count = 0;
  let before = OPEN;
  for (let at = 0; at < entries.count; at++) {
    const value = values[at];
    const plain = typeof value === 'string' && isPlain(value);
    // What an object's property whose value JSON cannot hold (a function, a symbol) gives: nothing.
    const text = plain ? value : jsonOf(value);
    if (text === undefined) continue;
    pieces[count++] = keyPiece(keys[at]!, before, plain);
    pieces[count++] = text;
    before = plain ? AFTER_TEXT : AFTER_VALUE;
  }
  pieces[count++] = before === OPEN ? '{}' : before === AFTER_TEXT ? '"}' : '}';
  pieces.length = count;
  return pieces.join('');
}

/**
 * Whether JSON holds `text` as it is: no quote, backslash, control character (below U+0020) or surrogate, which
 * `JSON.stringify` escapes in a string. A loop over the codes, not a regex test: it runs for every text value of every
 * row written, and is 2–3 times faster on such short texts.
 */
function isPlain(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** `JSON.stringify(value)`, the common values (numbers, null) without its call; text here always has to be escaped. */
function jsonOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

/** What comes before a key in the text: `{`, or `,` after a value — with the quote that closes a plain text value. */
const OPEN = 0;
const AFTER_VALUE = 1;
const AFTER_TEXT = 2;
const BEFORE_TEXT = ['{', ',', '",'];

/**
 * `<before>"<key>":` with the quote that opens a plain text value, made once per key and case: a body has ≈ 20 keys,
 * the same in every row. Bounded: raw `…@odata.bind` keys come from callers.
 */
const keyPieces = new Map<string, string[]>();

function keyPiece(key: string, before: number, plain: boolean): string {
  let cases = keyPieces.get(key);
  if (cases === undefined) {
    cases = new Array<string>(6);
    if (keyPieces.size < 10_000) keyPieces.set(key, cases);
  }
  const at = before * 2 + (plain ? 1 : 0);
  return (cases[at] ??= `${BEFORE_TEXT[before]}${JSON.stringify(key)}:${plain ? '"' : ''}`);
}

/**
 * A body's entries in the order an object would keep them: a key given again keeps its place, takes the new value.
 * `pieces` is where `jsonText` puts the body's text before joining it.
 */
export interface BodyEntries {
  keys: string[];
  values: unknown[];
  count: number;
  pieces: string[];
}

export function putEntry(entries: BodyEntries, key: string, value: unknown): void {
  const keys = entries.keys;
  for (let at = 0; at < entries.count; at++) {
    if (keys[at] === key) {
      entries.values[at] = value;
      return;
    }
  }
  keys[entries.count] = key;
  entries.values[entries.count++] = value;
}

/**
 * The entries of the body being made, kept from one body to the next: no arrays are made per row written. A body
 * made while another is (a `toJSON` that writes one) gets entries of its own.
 */
let spareEntries: BodyEntries | undefined;

export function takeEntries(): BodyEntries {
  const entries = spareEntries ?? { keys: [], values: [], count: 0, pieces: [] };
  spareEntries = undefined;
  return entries;
}

/** Gives the entries back, emptied: they must not keep a row's values alive. */
export function releaseEntries(entries: BodyEntries): void {
  entries.values.fill(undefined, 0, entries.count);
  entries.pieces.fill('');
  entries.count = 0;
  spareEntries = entries;
}
