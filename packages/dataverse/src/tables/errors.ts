/** A logical name that no registered Dataverse table definition has. */
export class UnknownTableError extends Error {
  readonly code = 'TANDEM_TABLE_UNKNOWN';
  readonly logicalName: string;

  constructor(logicalName: string, known: readonly string[]) {
    super(`Unknown Dataverse table '${logicalName}'. Known tables: ${known.join(', ')}`);
    this.name = 'UnknownTableError';
    this.logicalName = logicalName;
  }
}

/** A table or column definition that contradicts itself (duplicate column, missing primary id, lookup without targets…). */
export class TableDefinitionError extends Error {
  readonly code = 'TANDEM_TABLE_DEFINITION_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'TableDefinitionError';
  }
}
