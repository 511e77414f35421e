import { PlatformErrorCodes } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import { apiRoot, jsonResponse, type ApiRequest, type ApiResponse } from '../server/ApiMessages';
import { parseKey, type PathSegment } from '../server/ResourcePath';
import { CRM_NAMESPACE, type EntityCatalog } from './EntityModel';
import { EntityDefinitions } from './EntityDefinitions';
import { filterNodes, metadataOptions, projectNode } from './MetadataQuery';
import { derivesFrom, isAbstractType, isMetaType, type MetaNode } from './MetadataTypes';

const ENTITY_NAVIGATION: Record<string, string> = {
  Attributes: 'AttributeMetadata',
  Keys: 'EntityKeyMetadata',
  ManyToOneRelationships: 'OneToManyRelationshipMetadata',
  OneToManyRelationships: 'OneToManyRelationshipMetadata',
  ManyToManyRelationships: 'ManyToManyRelationshipMetadata',
};

/**
 * The metadata endpoints of reference §9:
 * `EntityDefinitions`, `EntityDefinitions(LogicalName='x')` (or `(<MetadataId>)`), `…/Attributes`,
 * `…/Attributes(LogicalName='y')`, `…/Attributes/Microsoft.Dynamics.CRM.<Kind>AttributeMetadata` (cast), the
 * relationship collections and `Keys`, with `$select`/`$filter`/`$expand`; and `GlobalOptionSetDefinitions` (none
 * are defined: every choice is local). Metadata is not paged.
 */
export class MetadataHandler {
  private readonly definitions: EntityDefinitions;

  constructor(private readonly catalog: EntityCatalog) {
    this.definitions = new EntityDefinitions(catalog);
  }

  handle(request: ApiRequest, segments: PathSegment[]): ApiResponse {
    if (request.method !== 'GET') throw ServiceError.methodNotAllowed(request.method, 'metadata');
    const [head, ...rest] = segments;
    if (head!.name === 'GlobalOptionSetDefinitions') return this.globalOptionSets(request, head!, rest);
    const options = metadataOptions(request.query);
    const root = `${apiRoot(request)}/$metadata#`;
    if (head!.key === undefined) {
      if (rest.length > 0) throw ServiceError.segmentNotFound(rest[0]!.name);
      const entities = filterNodes(this.definitions.entities(), 'EntityMetadata', options.filter);
      return jsonResponse(200, {
        '@odata.context': `${root}EntityDefinitions${selection(options.select)}`,
        value: entities.map((entity) => projectNode(entity, 'EntityMetadata', options)),
      });
    }
    const entity = this.findEntity(head!.key);
    if (rest.length === 0) {
      if (options.filter) throw ServiceError.badQuery('$filter applies to collections only.');
      return jsonResponse(200, {
        '@odata.context': `${root}EntityDefinitions${selection(options.select)}/$entity`,
        ...projectNode(entity, 'EntityMetadata', options),
      });
    }
    const [navigation, ...afterNavigation] = rest;
    const declaredBase = ENTITY_NAVIGATION[navigation!.name];
    if (!declaredBase) throw ServiceError.segmentNotFound(navigation!.name);
    let items = (entity.nav[navigation!.name] as MetaNode[] | undefined) ?? [];
    let declared = declaredBase;
    let single: MetaNode | undefined;
    if (navigation!.key !== undefined) {
      single = this.findItem(items, navigation!.key, navigation!.name);
    }
    const [cast, ...tooMany] = afterNavigation;
    if (tooMany.length > 0) throw ServiceError.segmentNotFound(tooMany[0]!.name);
    if (cast) {
      declared = this.castType(cast, declaredBase);
      if (single && !derivesFrom(single.type, declared)) throw ServiceError.segmentNotFound(cast.name);
      items = items.filter((item) => derivesFrom(item.type, declared));
    }
    const context = `${root}EntityDefinitions(${String(entity.props['MetadataId'])})/${navigation!.name}${cast ? `/${cast.name}` : ''}${selection(options.select)}`;
    if (single) {
      if (options.filter) throw ServiceError.badQuery('$filter applies to collections only.');
      return jsonResponse(200, { '@odata.context': `${context}/$entity`, ...projectNode(single, declared, options) });
    }
    const value = filterNodes(items, declared, options.filter).map((item) => projectNode(item, declared, options));
    return jsonResponse(200, { '@odata.context': context, value });
  }

  private findEntity(rawKey: string): MetaNode {
    const key = parseKey(rawKey);
    let found: MetaNode | undefined;
    let described: string;
    if (key.kind === 'single') {
      described = `MetadataId = ${key.value}`;
      found = this.definitions.entities().find((entity) => String(entity.props['MetadataId']) === key.value.toLowerCase());
    } else if (key.parts.size === 1 && key.parts.has('LogicalName')) {
      const name = key.parts.get('LogicalName')!;
      described = `name = ${name}`;
      const model = this.catalog.findByLogicalName(name);
      found = model ? this.definitions.entity(model) : undefined;
    } else if (key.parts.size === 1 && key.parts.has('MetadataId')) {
      const id = key.parts.get('MetadataId')!.toLowerCase();
      described = `MetadataId = ${id}`;
      found = this.definitions.entities().find((entity) => entity.props['MetadataId'] === id);
    } else {
      throw ServiceError.badQuery(`The key '(${rawKey})' is not valid for EntityDefinitions; use LogicalName='…' or the MetadataId.`);
    }
    if (!found) throw new ServiceError(404, PlatformErrorCodes.ObjectDoesNotExist, `Could not find entity with ${described}.`);
    return found;
  }

  private findItem(items: MetaNode[], rawKey: string, navigation: string): MetaNode {
    const key = parseKey(rawKey);
    let found: MetaNode | undefined;
    if (key.kind === 'single') found = items.find((item) => item.props['MetadataId'] === key.value.toLowerCase());
    else if (key.parts.size === 1) {
      const [[name, value]] = [...key.parts] as [[string, string]];
      const property = name === 'LogicalName' || name === 'SchemaName' || name === 'MetadataId' ? name : undefined;
      if (!property) throw ServiceError.badQuery(`The key '(${rawKey})' is not valid for ${navigation}.`);
      found = items.find((item) => String(item.props[property]).toLowerCase() === value.toLowerCase());
    }
    if (!found) throw new ServiceError(404, PlatformErrorCodes.ObjectDoesNotExist, `Could not find ${navigation} with key (${rawKey}).`);
    return found;
  }

  private castType(segment: PathSegment, declaredBase: string): string {
    const prefix = `${CRM_NAMESPACE}.`;
    const type = segment.name.startsWith(prefix) ? segment.name.slice(prefix.length) : '';
    if (segment.key !== undefined || !isMetaType(type) || !derivesFrom(type, declaredBase)) throw ServiceError.segmentNotFound(segment.name);
    if (isAbstractType(type)) {
      throw ServiceError.badQuery(`The type '${segment.name}' is abstract; cast to a concrete attribute type (Picklist, State, Status, Boolean).`);
    }
    return type;
  }

  private globalOptionSets(request: ApiRequest, head: PathSegment, rest: PathSegment[]): ApiResponse {
    if (rest.length > 0) throw ServiceError.segmentNotFound(rest[0]!.name);
    if (head.key !== undefined) {
      throw new ServiceError(404, PlatformErrorCodes.ObjectDoesNotExist, `Could not find optionset with key (${head.key}).`);
    }
    return jsonResponse(200, { '@odata.context': `${apiRoot(request)}/$metadata#GlobalOptionSetDefinitions`, value: [] });
  }
}

function selection(select: string[] | undefined): string {
  return select ? `(${select.join(',')})` : '';
}
