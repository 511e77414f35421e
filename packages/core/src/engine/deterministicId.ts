import { hash } from 'node:crypto';

/** The namespace of Tandem's deterministic ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b8e4d0a4c7e9b3f5a1d2e8c7b60', 'hex');

/** The bytes hashed: the namespace, then `<mapping>:<source id>` in UTF-8 (reused; `deterministicId` is synchronous). */
let input = Buffer.alloc(256);
NAMESPACE.copy(input);

const HEX = '0123456789abcdef';

/**
 * A UUID (version 5 layout) derived from a mapping and a source row's id. A create carries it, so a create retried
 * after a crash finds the row it already made instead of making a second one. One `crypto.hash` call over a reused
 * buffer, the version and variant set in the hex digits: it runs for every create, and a `createHash` chain made a
 * hash object, two updates and a digest buffer each time.
 */
export function deterministicId(mapping: string, sourceId: string): string {
  const name = `${mapping}:${sourceId}`;
  const needed = NAMESPACE.length + Buffer.byteLength(name);
  if (needed > input.length) {
    input = Buffer.alloc(Math.max(needed, 2 * input.length));
    NAMESPACE.copy(input);
  }
  input.write(name, NAMESPACE.length, 'utf8');
  const hex = hash('sha1', input.subarray(0, needed), 'hex');
  // Version 5 in byte 6's high nibble; variant 10xx in byte 8's high two bits.
  const variant = HEX[(parseInt(hex[16]!, 16) & 0x3) | 0x8]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
