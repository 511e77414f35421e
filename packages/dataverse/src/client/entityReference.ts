import { DataverseRequestError } from '../errors/DataverseErrors';
import { lowerCase } from './lowerCase';
import { isGuid, quoteString } from './odataLiteral';

/** A row's key in a URL: its GUID, or alternate-key values (`{ accountnumber: 'A-1' }`). */
export type RecordKey = string | Record<string, string | number>;

/** `accounts(<guid>)` or `accounts(accountnumber='A-1')`, with the values escaped and percent-encoded. */
export function entityPath(entitySet: string, key: RecordKey): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(entitySet)) throw new DataverseRequestError(`Invalid entity set name "${entitySet}"`);
  if (typeof key === 'string') {
    if (!isGuid(key)) throw new DataverseRequestError(`"${key}" is not a GUID; use an alternate-key object for other keys`);
    return `${entitySet}(${key.toLowerCase()})`;
  }
  const parts = Object.entries(key).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DataverseRequestError(`Invalid key property "${name}"`);
    const literal = typeof value === 'number' ? String(value) : isGuid(value) ? value.toLowerCase() : quoteString(value);
    return `${name}=${encodeURIComponent(literal).replace(/%3D/gi, '=')}`;
  });
  if (parts.length === 0) throw new DataverseRequestError('An alternate key needs at least one value');
  return `${entitySet}(${parts.join(',')})`;
}

/** The GUID at the end of an `OData-EntityId` / `Location` URL (`…/accounts(<guid>)`), if there is one. */
export function idFromEntityUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  // Nearly always the URL ends in exactly `(<guid>)`: checked at that place, without a search (one per written row).
  const open = url.length - 38;
  if (open >= 0 && url.charCodeAt(open) === 40 /* ( */ && url.charCodeAt(url.length - 1) === 41 /* ) */) {
    const id = url.slice(open + 1, -1);
    if (isGuid(id)) return lowerCase(id);
  }
  const match = /\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)\s*$/.exec(url);
  return match ? match[1]!.toLowerCase() : undefined;
}
