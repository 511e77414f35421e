import { hash } from 'node:crypto';

/** The namespace of Tandem's deterministic ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b8e4d0a4c7e9b3f5a1d2e8c7b60', 'hex');

/** The bytes hashed: the namespace, then `<mapping>:<source id>` in UTF-8 (reused; `deterministicId` is synchronous). */
let input = Buffer.alloc(256);
NAMESPACE.copy(input);

/** Views of `input`'s first bytes, by length: the ids of a mapping mostly have one length, so its view is made once. */
let views = new Map<number, Buffer>();

/** The id's 36 characters as bytes, made a string once (no slices, no concatenations). */
const text = Buffer.alloc(36);

const HEX = '0123456789abcdef';
const COLON = 0x3a;
const DASH = 0x2d;

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Writes `<mapping>:<source id>` after the namespace; returns where the bytes end. */
function writeName(mapping: string, sourceId: string): number {
  // Room for the worst case, 3 UTF-8 bytes per UTF-16 unit, checked without measuring the strings.
  const most = NAMESPACE.length + 3 * (mapping.length + 1 + sourceId.length);
  if (most > input.length) {
    input = Buffer.alloc(Math.max(most, 2 * input.length));
    NAMESPACE.copy(input);
    views = new Map();
  }
  // A source id starting with half a surrogate pair could pair with the mapping's end: encoded as one text, as ever.
  if (isLowSurrogate(sourceId.charCodeAt(0))) return NAMESPACE.length + input.write(`${mapping}:${sourceId}`, NAMESPACE.length, 'utf8');
  let end = NAMESPACE.length + input.write(mapping, NAMESPACE.length, 'utf8');
  input[end++] = COLON;
  return end + input.write(sourceId, end, 'utf8');
}

/**
 * A UUID (version 5 layout) derived from a mapping and a source row's id. A create carries it, so a create retried
 * after a crash finds the row it already made instead of making a second one. One `crypto.hash` call over a reused
 * buffer, the UUID's text written as bytes: it runs for every create, and a `createHash` chain made a hash object,
 * two updates and a digest buffer each time.
 */
export function deterministicId(mapping: string, sourceId: string): string {
  const end = writeName(mapping, sourceId);
  let view = views.get(end);
  if (!view) views.set(end, (view = input.subarray(0, end)));
  const hex = hash('sha1', view, 'hex');
  let at = 0;
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) text[at++] = DASH;
    text[at++] = hex.charCodeAt(i);
  }
  // Version 5 in byte 6's high nibble; variant 10xx in byte 8's high two bits.
  text[14] = 0x35;
  text[19] = HEX.charCodeAt((parseInt(hex[16]!, 16) & 0x3) | 0x8);
  return text.toString('latin1');
}
