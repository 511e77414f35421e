import { ErrorCodes } from '@tandem/core';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { buildTableDefinition } from './buildTableDefinition';
import { MetadataError } from './MetadataError';
import type { MetadataSourceOptions } from './MetadataSource';
import { MetadataSource } from './MetadataSource';
import type { AttributeCast, AttributeCastJson, EntityJson, ManyToOneRelationshipJson, TableMetadataJson } from './metadataJson';
import { attributeCasts } from './metadataJson';
import { metadataUrls } from './metadataUrls';

/** Reads everything the generator needs about one table: the table with its attributes, each cast query, the relationships. */
export async function fetchTableMetadata(source: MetadataSource | MetadataSourceOptions, logicalName: string): Promise<TableMetadataJson> {
  const metadata = source instanceof MetadataSource ? source : new MetadataSource(source);
  let entity: EntityJson;
  try {
    entity = (await metadata.get(metadataUrls.entity(logicalName))) as EntityJson;
  } catch (error) {
    if (error instanceof MetadataError && error.code === ErrorCodes.TABLE_UNKNOWN) {
      throw new MetadataError(ErrorCodes.TABLE_UNKNOWN, `Dataverse has no table '${logicalName}' (${error.message})`, { status: 404, cause: error });
    }
    throw error;
  }
  const [castRows, manyToOneRelationships] = await Promise.all([
    Promise.all(attributeCasts.map((cast) => metadata.getCollection(metadataUrls.cast(logicalName, cast)))),
    metadata.getCollection(metadataUrls.manyToOneRelationships(logicalName)),
  ]);
  const casts = Object.fromEntries(attributeCasts.map((cast, i) => [cast, castRows[i] as AttributeCastJson[]])) as Record<
    AttributeCast,
    AttributeCastJson[]
  >;
  return { entity, casts, manyToOneRelationships: manyToOneRelationships as ManyToOneRelationshipJson[] };
}

/** Builds a table definition from the metadata of a running Dataverse (or the emulator). */
export async function generateTableDefinition(
  source: MetadataSource | MetadataSourceOptions,
  logicalName: string,
): Promise<DataverseTableDefinition> {
  return buildTableDefinition(await fetchTableMetadata(source, logicalName));
}
