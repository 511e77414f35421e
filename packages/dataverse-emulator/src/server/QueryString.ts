import { ServiceError } from '../errors/ServiceError';

/**
 * Reads a raw query string (without `?`) strictly. `URLSearchParams` alone accepts anything (`%zz` stays as written,
 * bytes that are not UTF-8 become U+FFFD), which would let a broken client's query run as something it did not mean;
 * every `%` must start a valid UTF-8 percent-encoding, else `400` naming the bad part.
 *
 * The parts are split and decoded here, once, and handed to `URLSearchParams` decoded: on valid text this is exactly
 * what its own parser gives (split on `&`, empty parts skipped, name and value split at the first `=`, `+` a space),
 * and a match lookup's `$filter` of 1 600 characters was percent-decoded twice before, once of them in JavaScript.
 */
export function parseQueryString(raw: string): URLSearchParams {
  const query = new URLSearchParams();
  const parts = raw.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    // `new URLSearchParams(text)` drops one leading `?`; the error names the part as written.
    const pair = i === 0 && part.charCodeAt(0) === 0x3f ? part.slice(1) : part;
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    query.append(decodePart(name, part), decodePart(value, part));
  }
  return query;
}

/** A name or value of `part`, `+` read as a space and percent-decoded; a broken encoding is the `400` naming `part`. */
function decodePart(text: string, part: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw ServiceError.badPercentEncoding(part);
  }
}
