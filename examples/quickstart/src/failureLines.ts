import type { SyncJobError } from '@tandem/core';

/**
 * One line per mapping and error code: how many records failed that way, and the first one's message. A message
 * wrapped by core (`Hook onAfterTransform, tap "…" failed: CODE: …`) is shown from its code on.
 */
export function failureLines(errors: readonly SyncJobError[]): string[] {
  const groups = new Map<string, SyncJobError[]>();
  for (const error of errors) {
    const key = `${error.mapping} ${error.code ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), error]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group;
    const code = first!.code ?? 'error';
    const at = first!.message.indexOf(`${code}: `);
    const message = at >= 0 ? first!.message.slice(at + code.length + 2) : first!.message;
    const count = group.length === 1 ? '1 record failed' : `${group.length} records failed`;
    return `${first!.mapping}: ${count} with ${code}; the first: ${message}`;
  });
}
