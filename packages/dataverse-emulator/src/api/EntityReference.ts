import { ServiceError } from '../errors/ServiceError';
import type { EntityCatalog } from '../metadata/EntityModel';
import { parseKey, parseResourcePath } from '../server/ResourcePath';
import { isGuid } from '../storage/ValueCodec';

/** A row named by URL: `/contacts(<guid>)`, `contacts(<guid>)`, `https://…/api/data/v9.2/contacts(contactid=<guid>)`, `$1`. */
export interface EntityReference {
  entitySet: string;
  logicalName: string;
  id: string;
}

/**
 * Resolves an `@odata.bind` / `@odata.id` value. `contentIds` maps batch Content-IDs (`$1`) to the URLs of rows created
 * earlier in the change set. Only primary-key references are supported (no alternate keys are defined).
 */
export function resolveEntityReference(
  value: string,
  catalog: EntityCatalog,
  contentIds: ReadonlyMap<string, string> | undefined,
): EntityReference {
  const text = value.trim();
  const contentRef = /^\$(\w+)$/.exec(text);
  if (contentRef) {
    const url = contentIds?.get(contentRef[1]!);
    if (url === undefined) {
      throw ServiceError.badQuery(`Content-ID Reference: '${text}' does not exist in the batch context.`);
    }
    return resolveUrl(url, value, catalog);
  }
  // A batch of creates binds the same few rows over and over (owner, currency): each text is resolved once.
  let resolved = RESOLVED.get(catalog);
  if (!resolved) RESOLVED.set(catalog, (resolved = new Map()));
  let reference = resolved.get(value);
  if (!reference) {
    reference = resolveUrl(text, value, catalog);
    if (resolved.size >= 10_000) resolved.clear();
    resolved.set(value, reference);
  }
  return reference;
}

/** Resolved references by their text, per catalog (what a text names depends on nothing else). Never changed by callers. */
const RESOLVED = new WeakMap<EntityCatalog, Map<string, EntityReference>>();

function resolveUrl(url: string, value: string, catalog: EntityCatalog): EntityReference {
  let text = url;
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
  text = text.replace(/^\/?api\/data\/v\d+\.\d+\//, '');
  text = text.replace(/^\//, '');
  const segments = parseResourcePath(decodeURIComponent(text));
  const segment = segments[0];
  if (segments.length !== 1 || !segment || segment.key === undefined) {
    throw ServiceError.badQuery(`The reference '${value}' is not a valid entity reference; expected '/<entityset>(<id>)'.`);
  }
  const logicalName = catalog.logicalNameOfSet(segment.name);
  if (!logicalName) throw ServiceError.segmentNotFound(segment.name);
  const key = parseKey(segment.key);
  let id: string | undefined;
  if (key.kind === 'single') id = key.value;
  else {
    const model = catalog.findByLogicalName(logicalName);
    const primaryId = model?.primaryId ?? `${logicalName}id`;
    if (key.parts.size === 1 && key.parts.has(primaryId)) id = key.parts.get(primaryId);
    else throw invalidKey(logicalName);
  }
  if (!isGuid(id)) throw ServiceError.badQuery(`Bad Request - Error in query syntax: '${value}' does not hold a valid Guid.`);
  return { entitySet: segment.name, logicalName, id: id.toLowerCase() };
}

export function invalidKey(logicalName: string): ServiceError {
  const type = `Microsoft.Dynamics.CRM.${logicalName}`;
  return ServiceError.badQuery(
    `The key in the request URI is not valid for resource '${type}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '${type}'.`,
  );
}
