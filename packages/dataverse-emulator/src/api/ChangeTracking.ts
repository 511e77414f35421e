import { PlatformErrorCodes, type DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import type { QueryOptions } from '../odata/QueryOptions';
import { decodeSkipToken, encodeSkipToken } from '../odata/SkipToken';
import { apiRoot, jsonResponse, type ApiRequest, type ApiResponse } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import type { Preferences } from '../server/Preferences';
import { MAX_PAGE_SIZE } from './CollectionQuery';
import { readColumns } from './ReadColumns';
import { annotationChoice, RecordSerializer } from './RecordSerializer';

/**
 * Change tracking (reference §8). `GET <set>?$select=…` with `Prefer: odata.track-changes` returns every row (paged
 * like any read) and, on the last page, an `@odata.deltaLink` whose `$deltatoken` is `<version>!<timestamp>`. `GET` of
 * that link returns the rows created or updated since, oldest version first, then a `$deletedEntity` entry for each row
 * deleted since, and a new delta link. `$filter`, `$orderby`, `$expand` and `$top` are refused, as on the real service.
 * Each read covers a fixed version range, so rows changed while it pages show up in the next delta instead.
 */
export class ChangeTracking {
  constructor(private readonly context: EmulatorContext) {}

  read(request: ApiRequest, model: EntityModel, options: QueryOptions, preferences: Preferences, columns: DataverseColumn[]): ApiResponse {
    if (!model.definition.changeTrackingEnabled) {
      throw ServiceError.badQuery(`Change tracking is not enabled for the entity '${model.logicalName}'.`);
    }
    for (const [option, given] of [['filter', options.filter], ['orderby', options.orderBy], ['expand', options.expand], ['top', options.top]] as const) {
      if (given !== undefined) throw ServiceError.badQuery(`The "$${option}" query parameter isn't supported when Change Tracking is enabled.`);
    }
    if (!model.byReadName.has('versionnumber')) throw ServiceError.notImplemented(`change tracking on '${model.logicalName}', which has no versionnumber`);
    const database = this.context.database;
    let from: number;
    let to: number;
    let after = -1;
    let page = 1;
    if (options.skipToken !== undefined) {
      const position = decodeSkipToken(options.skipToken, 1);
      if (!position.tracking) throw ServiceError.badQuery('The $skiptoken does not belong to a change-tracking read.');
      ({ from, to } = position.tracking);
      after = Number(position.last[0]);
      page = position.page;
    } else if (options.deltaToken !== undefined) {
      const match = /^(\d+)!/.exec(options.deltaToken);
      if (!match || Number(match[1]) > database.currentVersion()) {
        throw new ServiceError(400, PlatformErrorCodes.ExpiredVersionStamp, 'Version stamp associated with the client has expired. Please perform a full sync.');
      }
      from = Number(match[1]);
      to = database.currentVersion();
    } else {
      // Initial read: every existing row; deletions before it do not matter.
      from = -1;
      to = database.currentVersion();
    }
    const pageSize = Math.min(preferences.maxPageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const rows = database.table(model.logicalName).select({
      where: '"versionnumber" > ? AND "versionnumber" <= ?',
      params: [Math.max(from, after), to],
      orderBy: '"versionnumber" ASC',
      limit: pageSize + 1,
    }, readColumns(model, options.select, columns));
    const more = rows.length > pageSize;
    if (more) rows.length = pageSize;
    const serializer = new RecordSerializer(this.context);
    const annotations = annotationChoice(preferences);
    const value: Record<string, unknown>[] = rows.map((row) => serializer.serialize(model, row, columns, annotations));
    const root = apiRoot(request);
    const selection = options.select && !options.select.includes('*') ? `(${options.select.join(',')})` : '';
    const body: Record<string, unknown> = {
      '@odata.context': `${root}/$metadata#${model.entitySetName}${selection}${from >= 0 ? '/$delta' : ''}`,
      value,
    };
    const query = request.rawQuery
      .split('&')
      .filter((part) => part !== '' && !/^(\$|%24)(skiptoken|deltatoken)=/.test(part));
    if (more) {
      const token = encodeSkipToken({ page: page + 1, last: [rows[rows.length - 1]!['versionnumber'] ?? null], tracking: { from, to } });
      body['@odata.nextLink'] = `${root}/${model.entitySetName}?${[...query, `$skiptoken=${encodeURIComponent(token)}`].join('&')}`;
    } else {
      if (from >= 0) {
        for (const deleted of database.deletedBetween(model.logicalName, from, to)) {
          value.push({ '@odata.context': `${root}/$metadata#${model.entitySetName}/$deletedEntity`, id: deleted.id, reason: 'deleted' });
        }
      }
      const token = `${to}!${stamp(new Date(this.context.now()))}`;
      body['@odata.deltaLink'] = `${root}/${model.entitySetName}?${[...query, `$deltatoken=${encodeURIComponent(token).replace(/!/g, '%21')}`].join('&')}`;
    }
    const applied = ['odata.track-changes'];
    if (preferences.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${pageSize}`);
    return jsonResponse(200, body, { 'Preference-Applied': applied.join(',') });
  }
}

/** `08/22/2017 08:10:44`, the timestamp half of a delta token. */
function stamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}
