import { ServiceError } from '../errors/ServiceError';

/**
 * Reads a raw query string (without `?`) strictly. `URLSearchParams` alone accepts anything (`%zz` stays as written,
 * bytes that are not UTF-8 become U+FFFD), which would let a broken client's query run as something it did not mean;
 * every `%` must start a valid UTF-8 percent-encoding, else `400` naming the bad part.
 */
export function parseQueryString(raw: string): URLSearchParams {
  for (const part of raw.split('&')) {
    if (!part.includes('%')) continue;
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw ServiceError.badPercentEncoding(part);
    }
  }
  return new URLSearchParams(raw);
}
