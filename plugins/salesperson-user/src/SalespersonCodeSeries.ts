import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { NoSeriesSchema, SalespersonSchema, takeNextNo } from '@tandem/erp';
import { salespersonUserErrors } from './errors';
import type { SalespersonUserOptions } from './SalespersonUserOptions';

/** How many taken numbers may in a row collide with existing salespeople before we give up. */
const MAX_TRIES = 100;

/**
 * Codes for salespeople made from CRM users: the next number of the ERP number series `options.noSeries` (created on
 * first use, starting at `options.startingNo`). A number is taken for good, so a code is never handed out twice, also
 * when the insert that wanted it fails; a number that an existing salesperson already has (typed in by hand) is passed
 * over.
 */
export class SalespersonCodeSeries {
  constructor(private readonly options: SalespersonUserOptions) {}

  async next(em: EntityManager): Promise<string> {
    await this.ensureSeries(em);
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      const code = await takeNextNo(em, this.options.noSeries);
      const taken = await em.count(SalespersonSchema, { code });
      if (taken === 0) return code;
    }
    throw salespersonUserErrors.codeExhausted(this.options.noSeries, MAX_TRIES);
  }

  private async ensureSeries(em: EntityManager): Promise<void> {
    if ((await em.count(NoSeriesSchema, { code: this.options.noSeries })) > 0) return;
    // A native insert sets systemId and modifiedAt itself (the unit of work's onCreate does not run).
    await em.insert(NoSeriesSchema, {
      code: this.options.noSeries,
      description: 'Salespeople from CRM users',
      startingNo: this.options.startingNo,
      lastNoUsed: null,
      systemId: randomUUID(),
      modifiedAt: new Date(),
    });
  }
}
