import { createHash } from 'node:crypto';

/** The namespace of Tandem's deterministic ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b8e4d0a4c7e9b3f5a1d2e8c7b60', 'hex');

/**
 * A UUID (version 5 layout) derived from a mapping and a source row's id. A create carries it, so a create retried
 * after a crash finds the row it already made instead of making a second one.
 */
export function deterministicId(mapping: string, sourceId: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${mapping}:${sourceId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
