import { idFromEntityUrl } from './entityReference';

/** What the client reads from response bodies and headers: the JSON body, the etag, the row's id. */

/** The JSON body of a response, or undefined when it has none (or it is not JSON). */
export function parseJsonBody(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** The `ETag` header, else the body's `@odata.etag`. */
export function etagOf(header: string | null | undefined, body: unknown): string | undefined {
  if (header) return header;
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.etag'] : undefined;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** The primary key of a returned row: `<logical name>id`, found by the `…id` property holding a GUID. */
export function idFromBody(body: unknown, entitySet?: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const context = typeof record['@odata.context'] === 'string' ? (record['@odata.context'] as string) : '';
  const set = entitySet ?? /#([A-Za-z0-9_]+)[(/]/.exec(context)?.[1];
  const candidates = Object.entries(record).filter(
    ([name, value]) => name.endsWith('id') && !name.startsWith('_') && typeof value === 'string' && idFromEntityUrl(`(${value})`),
  );
  if (candidates.length === 1) return (candidates[0]![1] as string).toLowerCase();
  if (set) {
    const match = candidates.find(([name]) => set.startsWith(name.slice(0, -2)));
    if (match) return (match[1] as string).toLowerCase();
  }
  return undefined;
}
