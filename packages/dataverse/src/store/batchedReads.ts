import type { DataverseClient } from '../client/DataverseClient';
import { buildQueryString, type ODataQuery } from '../client/ODataQuery';
import { DataverseRequestError } from '../errors/DataverseErrors';

type Record_ = Record<string, unknown>;

/**
 * Several collection reads of one entity set in one request: each query a `GET` part of a `$batch` (GETs may not be
 * in change sets, and need none), each part's `@odata.nextLink` followed on its own. A single query is a plain
 * `GET`. A part answered throttled or transient is read again on its own through `listAll`, which has the client's
 * retry policy; any other failed part fails the read with its error, as a plain `GET` would.
 */
export async function listInOneBatch(client: DataverseClient, entitySet: string, queries: readonly ODataQuery[], pageSize: number): Promise<Record_[][]> {
  if (queries.length <= 1) return Promise.all(queries.map((query) => client.listAll(entitySet, query, { pageSize })));
  const results = await client.batch(
    queries.map((query) => ({ method: 'GET' as const, url: `${entitySet}${buildQueryString(query)}`, headers: { Prefer: `odata.maxpagesize=${pageSize}` } })),
    { continueOnError: true },
  );
  return Promise.all(
    results.map(async (result, i) => {
      if (!result.ok) {
        const kind = result.error?.kind;
        if (kind === 'throttled' || kind === 'transient') return client.listAll(entitySet, queries[i], { pageSize });
        throw result.error ?? new DataverseRequestError(`A $batch read of ${entitySet} failed (HTTP ${result.status})`, { status: result.status });
      }
      const body = result.body as { value?: Record_[]; '@odata.nextLink'?: string } | undefined;
      if (!Array.isArray(body?.value)) throw new DataverseRequestError(`A $batch read of ${entitySet} did not return a collection`, { status: result.status });
      const rows = [...body.value];
      for (let next = body['@odata.nextLink']; next; ) {
        const page = await client.nextPage<Record_>(next, { pageSize });
        rows.push(...page.value);
        next = page.nextLink;
      }
      return rows;
    }),
  );
}
