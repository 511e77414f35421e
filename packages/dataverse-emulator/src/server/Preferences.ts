import { TextCache } from './TextCache';

/**
 * The `Prefer` header: several lines (joined by Node with ", ") or one comma list, with quoted values that may contain
 * commas (`odata.include-annotations="A,B"`).
 */
export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  /** The annotation patterns asked for (`*`, `OData.Community.Display.V1.FormattedValue`, `Microsoft.Dynamics.CRM.*`). */
  includeAnnotations?: string[];
  /** The raw `odata.include-annotations` value, echoed in `Preference-Applied`. */
  includeAnnotationsRaw?: string;
  continueOnError: boolean;
  trackChanges: boolean;
}

/** Parsed headers by their text: a `$batch` repeats the same `Prefer` on each of its up to 1 000 parts. */
const PARSED = new TextCache<Readonly<Preferences>>();
const NONE: Readonly<Preferences> = Object.freeze({ returnRepresentation: false, continueOnError: false, trackChanges: false });

/** The preferences of a `Prefer` header; the answer is shared, and frozen. */
export function parsePreferences(header: string | undefined): Readonly<Preferences> {
  if (!header) return NONE;
  // `peek`/`set`, not `get(text, compute)`: no closure made per part of a batch.
  let preferences = PARSED.peek(header);
  if (preferences === undefined) PARSED.set(header, (preferences = Object.freeze(readPreferences(header))));
  return preferences;
}

function readPreferences(header: string): Preferences {
  const preferences: Preferences = { returnRepresentation: false, continueOnError: false, trackChanges: false };
  for (const item of splitOutsideQuotes(header)) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    switch (name) {
      case 'return':
        if (value === 'representation') preferences.returnRepresentation = true;
        break;
      case 'odata.maxpagesize': {
        const size = Number(value);
        if (Number.isInteger(size) && size > 0) preferences.maxPageSize = size;
        break;
      }
      case 'odata.include-annotations': {
        const unquoted = value.replace(/^"(.*)"$/, '$1');
        preferences.includeAnnotationsRaw = value;
        preferences.includeAnnotations = unquoted.split(',').map((pattern) => pattern.trim()).filter(Boolean);
        break;
      }
      case 'odata.continue-on-error':
        preferences.continueOnError = true;
        break;
      case 'odata.track-changes':
        preferences.trackChanges = true;
        break;
    }
  }
  return preferences;
}

function splitOutsideQuotes(text: string): string[] {
  if (!text.includes('"')) return text.split(',').map((item) => item.trim()).filter(Boolean);
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      items.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter(Boolean);
}

/** Whether an annotation name is asked for by the include-annotations patterns (`*`, `Prefix.*`, exact names). */
export function wantsAnnotation(preferences: Preferences, annotation: string): boolean {
  for (const pattern of preferences.includeAnnotations ?? []) {
    if (pattern === '*' || pattern === annotation) return true;
    if (pattern.endsWith('*') && annotation.startsWith(pattern.slice(0, -1))) return true;
  }
  return false;
}
