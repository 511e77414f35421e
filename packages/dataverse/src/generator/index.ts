export { buildTableDefinition } from './buildTableDefinition';
export { columnSpecOf } from './columnSpecOf';
export { fetchTableMetadata, generateTableDefinition } from './generateTableDefinition';
export { MetadataError } from './MetadataError';
export type { FetchLike, FetchResponseLike, MetadataSourceOptions } from './MetadataSource';
export { MetadataSource } from './MetadataSource';
export type {
  AttributeCast,
  AttributeCastJson,
  AttributeJson,
  EntityJson,
  LabelJson,
  ManyToOneRelationshipJson,
  OptionJson,
  OptionSetJson,
  TableMetadataJson,
} from './metadataJson';
export { attributeCasts } from './metadataJson';
export { metadataUrls } from './metadataUrls';
export type { RenderOptions } from './renderTableDefinitionFile';
export { renderTableDefinitionFile } from './renderTableDefinitionFile';
export {
  attributeCastRows,
  attributeMetadata,
  entityMetadata,
  manyToOneRelationships,
  metadataClassOf,
  tableMetadataFromDefinition,
} from './tableMetadataFromDefinition';
