import { createHash } from 'node:crypto';

/** A stable GUID for a metadata item (same name → same id across runs), shaped like a version-5 UUID. */
export function metadataId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('|')).digest('hex');
  const variant = ((parseInt(hash.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-${variant}${hash.slice(18, 20)}-${hash.slice(20, 32)}`;
}
