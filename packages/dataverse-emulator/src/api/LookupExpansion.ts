import type { DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel, NavigationModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import { parseExpand } from '../odata/ExpandParser';
import { parseSelect } from '../odata/QueryOptions';
import { apiRoot, type ApiRequest } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import { targetColumnOf } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';
import { type AnnotationChoice, RecordSerializer, resolveSelect } from './RecordSerializer';

interface Expansion {
  navigation: NavigationModel;
  select?: string[];
  /** `primarycontactid/$ref`: only the related row's `@odata.id`. */
  reference: boolean;
}

const MAX_EXPANDS = 15;

/**
 * `$expand` of single-valued navigation properties (lookups) on data reads: `$expand=primarycontactid($select=fullname)`
 * nests the related row (or null) under the navigation property's name; `primarycontactid/$ref` gives its `@odata.id`.
 * Collection-valued navigation properties are not implemented.
 */
export class LookupExpansion {
  private readonly expansions: Expansion[];
  private readonly serializer: RecordSerializer;

  constructor(
    private readonly context: EmulatorContext,
    model: EntityModel,
    expand: string,
  ) {
    const items = parseExpand(expand);
    if (items.length > MAX_EXPANDS) throw ServiceError.badQuery(`The number of $expand options exceeds the limit of ${MAX_EXPANDS}.`);
    this.expansions = items.map((item) => {
      const reference = item.name.endsWith('/$ref');
      const name = reference ? item.name.slice(0, -'/$ref'.length) : item.name;
      const navigation = model.navigation.get(name);
      if (!navigation) {
        if (reference) throw ServiceError.badQuery('Expand with $ref is only supported on lookup type navigation property.');
        throw ServiceError.notImplemented(`$expand of '${name}' (only single-valued navigation properties of '${model.logicalName}' can be expanded)`);
      }
      for (const key of item.options.keys()) if (key !== '$select') throw ServiceError.notImplemented(`'${key}' inside $expand on rows`);
      const expansion: Expansion = { navigation, reference };
      const select = item.options.get('$select');
      if (select !== undefined) expansion.select = parseSelect(select);
      return expansion;
    });
    this.serializer = new RecordSerializer(context);
  }

  /** The lookup columns the expansions follow (a read must fetch them). */
  columns(): DataverseColumn[] {
    return this.expansions.map((expansion) => expansion.navigation.column);
  }

  /** The `$expand` part of `@odata.context`: `primarycontactid(fullname)`. */
  contextPart(): string {
    return this.expansions.map((e) => (e.reference ? `${e.navigation.name}/$ref` : `${e.navigation.name}(${e.select?.join(',') ?? ''})`)).join(',');
  }

  apply(request: ApiRequest, row: StoredRow, record: Record<string, unknown>, annotations: AnnotationChoice): void {
    for (const expansion of this.expansions) {
      const { navigation } = expansion;
      const id = row[navigation.column.name];
      const table = isPolymorphic(navigation.column) ? row[targetColumnOf(navigation.column.name)] : navigation.targets[0];
      let value: unknown = null;
      if (typeof id === 'string' && typeof table === 'string' && navigation.targets.includes(table)) {
        const target = this.context.catalog.findByLogicalName(table);
        const set = this.context.catalog.entitySetOf(table) ?? table;
        if (expansion.reference) value = { '@odata.id': `${apiRoot(request)}/${set}(${id})` };
        else if (target) {
          const related = this.context.database.table(table).get(id);
          if (related) value = this.serializer.serialize(target, related, resolveSelect(target, expansion.select), annotations);
        }
      }
      record[navigation.name] = value;
    }
  }
}
