import { ServiceError } from '../errors/ServiceError';
import { parseExpand, type ExpandItem } from '../odata/ExpandParser';
import type { FilterNode } from '../odata/FilterAst';
import { evaluateFilter } from '../odata/FilterEvaluator';
import { parseFilter } from '../odata/FilterParser';
import { parseSelect } from '../odata/QueryOptions';
import { derivesFrom, navigationOf, propertiesOf, qualified, type MetaNode } from './MetadataTypes';

/** `$select`, `$filter` and `$expand` for metadata, checked against the declared EDM type like the real service. */
export interface MetadataOptions {
  select?: string[];
  filter?: FilterNode;
  expand: ExpandItem[];
}

const UNSUPPORTED = ['$top', '$skip', '$orderby', '$count', '$search', '$apply'];

export function metadataOptions(query: URLSearchParams): MetadataOptions {
  for (const key of query.keys()) {
    if (UNSUPPORTED.includes(key)) throw ServiceError.badQuery(`The query parameter ${key} is not supported on metadata.`);
  }
  return fromRaw(query.get('$select') ?? undefined, query.get('$filter') ?? undefined, query.get('$expand') ?? undefined);
}

function fromRaw(select: string | undefined, filter: string | undefined, expand: string | undefined): MetadataOptions {
  const options: MetadataOptions = { expand: expand ? parseExpand(expand) : [] };
  if (select !== undefined) options.select = parseSelect(select);
  if (filter !== undefined) options.filter = parseFilter(filter);
  return options;
}

/** The declared type of a navigation property's values. */
function navigationType(owner: string, name: string): string {
  switch (name) {
    case 'Attributes':
      return 'AttributeMetadata';
    case 'Keys':
      return 'EntityKeyMetadata';
    case 'ManyToOneRelationships':
    case 'OneToManyRelationships':
      return 'OneToManyRelationshipMetadata';
    case 'ManyToManyRelationships':
      return 'ManyToManyRelationshipMetadata';
    // Declared as OptionSetMetadataBase, but the service lets `$select=Options` through (Microsoft's own samples do it).
    case 'OptionSet':
    case 'GlobalOptionSet':
      return derivesFrom(owner, 'BooleanAttributeMetadata') ? 'BooleanOptionSetMetadata' : 'OptionSetMetadata';
    default:
      return 'OptionSetMetadataBase';
  }
}

/** Keeps the items of a collection that match `$filter` (property names checked against `declared`). */
export function filterNodes(nodes: MetaNode[], declared: string, filter: FilterNode | undefined): MetaNode[] {
  if (!filter) return nodes;
  const properties = propertiesOf(declared);
  const check = (name: string): void => {
    if (!properties.has(name)) throw ServiceError.unknownProperty(name, qualified(declared));
  };
  return nodes.filter((node) => evaluateFilter(filter, node.props, check));
}

/**
 * Projects one metadata object: the selected (or all) structural properties, `MetadataId` always, `@odata.type` when
 * the object's type is more derived than the declared one, and expanded navigation properties with their own options.
 */
export function projectNode(node: MetaNode, declared: string, options: MetadataOptions): Record<string, unknown> {
  const properties = propertiesOf(declared);
  const navigation = navigationOf(declared);
  for (const name of options.select ?? []) {
    if (!properties.has(name)) throw ServiceError.unknownProperty(name, qualified(declared));
  }
  const result: Record<string, unknown> = {};
  if (node.type !== declared) result['@odata.type'] = `#${qualified(node.type)}`;
  if (options.select && !options.select.includes('*')) {
    for (const name of options.select) if (Object.hasOwn(node.props, name)) result[name] = node.props[name];
    if (Object.hasOwn(node.props, 'MetadataId')) result['MetadataId'] = node.props['MetadataId'];
  } else {
    Object.assign(result, node.props);
  }
  for (const item of options.expand) {
    if (!navigation.has(item.name)) throw ServiceError.unknownProperty(item.name, qualified(declared));
    for (const key of item.options.keys()) {
      if (!['$select', '$filter', '$expand'].includes(key)) throw ServiceError.badQuery(`The query option '${key}' is not supported inside $expand on metadata.`);
    }
    const childType = navigationType(node.type, item.name);
    const childOptions = fromRaw(item.options.get('$select'), item.options.get('$filter'), item.options.get('$expand'));
    const value = node.nav[item.name];
    if (Array.isArray(value)) {
      result[item.name] = filterNodes(value, childType, childOptions.filter).map((child) => projectNode(child, childType, childOptions));
    } else if (value) {
      if (childOptions.filter) throw ServiceError.badQuery(`$filter cannot be applied to the single-valued navigation property '${item.name}'.`);
      result[item.name] = projectNode(value, childType, childOptions);
    } else {
      result[item.name] = null;
    }
  }
  return result;
}
