import type { EntityManager } from '@mikro-orm/core';
import { NoSeriesSchema } from '../entities/NoSeries';
import { erpErrors } from '../errors/erpErrors';
import { incrementNo } from './incrementNo';

/**
 * Takes the next number of a number series. The update is conditional on the number read, so two writers that read
 * the same last number cannot both take the next one: the second fails with `TANDEM_ERP_NO_SERIES_CONFLICT`
 * (class `transient`). Run it inside the transaction that uses the number, so a rollback gives the number back.
 */
export async function takeNextNo(em: EntityManager, seriesCode: string): Promise<string> {
  const series = await em.findOne(NoSeriesSchema, { code: seriesCode }, { disableIdentityMap: true });
  if (!series) throw erpErrors.noSeriesNotFound(seriesCode);
  const next = series.lastNoUsed === null ? series.startingNo : incrementNo(series.lastNoUsed);
  if (next === undefined) throw erpErrors.noSeriesInvalid(seriesCode, series.lastNoUsed ?? series.startingNo);
  const updated = await em.nativeUpdate(
    NoSeriesSchema,
    { code: seriesCode, lastNoUsed: series.lastNoUsed },
    { lastNoUsed: next, modifiedAt: new Date() },
  );
  if (updated !== 1) throw erpErrors.noSeriesConflict(seriesCode);
  return next;
}
