import { ErrorCodes, TandemError } from '@tandem/core';
import { DataverseMessages } from '../errors/DataverseMessages';

/** A logical name that no registered Dataverse table definition has (core's `TANDEM_TABLE_UNKNOWN`, as for any store). */
export class UnknownTableError extends TandemError {
  readonly logicalName: string;

  constructor(logicalName: string, known: readonly string[]) {
    super(ErrorCodes.TABLE_UNKNOWN, DataverseMessages.unknownTable(logicalName, known), { errorClass: 'permanent' });
    this.name = 'UnknownTableError';
    this.logicalName = logicalName;
  }
}

/** A table or column definition that contradicts itself (duplicate column, missing primary id, lookup without targets…). */
export class TableDefinitionError extends TandemError {
  constructor(message: string) {
    super(ErrorCodes.DATAVERSE_TABLE_DEFINITION_INVALID, message, { errorClass: 'permanent' });
    this.name = 'TableDefinitionError';
  }
}
