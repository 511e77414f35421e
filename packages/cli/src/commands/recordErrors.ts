import { ErrorCodes, TandemError } from '@tandem/core';

/** Errors of the record commands (compare, open): exit code 1, the record is not as the command needs it. */
export const RecordErrors = {
  notFound: (table: string, id: string) => new TandemError(ErrorCodes.RECORD_NOT_FOUND, `no ${table} record with id "${id}"`),
  notCoupled: (mapping: string, id: string, hint: string) =>
    new TandemError('TANDEM_CLI_RECORD_NOT_COUPLED', `${mapping}: ERP record "${id}" is not coupled; ${hint}`),
};
