import type { RecordContext } from '../hooks/SyncContexts';
import { destinationSide, sourceSide, type Side, type SyncDirection } from '../model/Direction';
import type { TableDefinition } from '../model/TableDefinition';
import type { TableMapping } from '../model/TableMapping';
import { directionColumns, type DirectionColumns } from '../state/Coupling';
import { couplingIdField } from '../state/StateStore';
import type { SyncJob } from '../state/SyncJob';
import { activeFields, type ActiveField } from './FieldTransfer';
import type { OptionTranslator } from './OptionTranslator';
import { plainObjects } from './plainObjects';
import { tableOf, type SyncEnvironment } from './SyncEnvironment';
import type { RecordWork } from './RecordWork';

/** The objects record contexts are made of: they have 4 to 10 properties. */
const RecordContextObject = plainObjects();

/** What every stage of a pass shares: the mapping, the direction and its sides, the job, the active fields. */
export class PassScope {
  readonly env: SyncEnvironment;
  readonly mapping: TableMapping;
  readonly direction: SyncDirection;
  readonly job: SyncJob;
  readonly options: OptionTranslator;
  readonly fields: ActiveField[];
  readonly from: Side;
  readonly to: Side;
  readonly destinationTable: TableDefinition;
  /** This direction's coupling columns (result, failure count, last error). */
  readonly columns: DirectionColumns;
  /** The reverse direction's coupling columns. */
  readonly reverseColumns: DirectionColumns;
  /**
   * Destination rows found for a record of a page that has not committed yet (destination id → source id). With
   * overlapping pages the next page is matched before this one's couplings are stored: these rows are taken for it.
   */
  readonly claims = new Map<string, string>();

  constructor(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, job: SyncJob, options: OptionTranslator) {
    this.env = env;
    this.mapping = mapping;
    this.direction = direction;
    this.job = job;
    this.options = options;
    this.from = sourceSide(direction);
    this.to = destinationSide(direction);
    this.destinationTable = tableOf(env, mapping, this.to);
    this.fields = activeFields(mapping, direction, this.destinationTable);
    this.columns = directionColumns(direction);
    this.reverseColumns = directionColumns(direction === 'toIntegration' ? 'fromIntegration' : 'toIntegration');
  }

  /**
   * A fresh record context, with `extra`'s properties (per-record hooks get their own object each time; a tap may
   * keep it). Built by assignment, never as `{ ...context, more }`: Node 20's V8 takes a slow path for every property
   * added to an object made by spreading another one — ≈ 10–20 µs for a context, ≈ 170 µs for a row's values —
   * per record, and per field for `onTransferField`.
   */
  context<E extends object = object>(work: RecordWork, extra?: E): RecordContext & E {
    // Made as `{}` would be, by a maker with room for the extra properties (`plainObjects`); keys in the same order.
    const context = new RecordContextObject() as RecordContext;
    context.mapping = this.mapping;
    context.direction = this.direction;
    context.job = this.job;
    context.source = work.source;
    if (work.destination) context.destination = work.destination;
    if (work.coupling) context.coupling = work.coupling;
    return (extra ? Object.assign(context, extra) : context) as RecordContext & E;
  }

  /** The coupled counterpart's id, if the record is coupled. */
  counterpartId(work: RecordWork): string | null | undefined {
    return work.coupling?.[couplingIdField(this.to)];
  }

  /** The business and integration ids of a pair, from the source id and the counterpart id. */
  pairIds(sourceId: string, destinationId: string): { businessId: string; integrationId: string } {
    return this.from === 'business' ? { businessId: sourceId, integrationId: destinationId } : { businessId: destinationId, integrationId: sourceId };
  }
}
