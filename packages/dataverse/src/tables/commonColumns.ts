import type { DataverseColumn } from './DataverseTableDefinition';
import type { ColumnFlags } from './columnBuilders';
import { bigInt, createOnly, dateTime, decimal, integer, lookup, owner, readOnly } from './columnBuilders';

/** Created/modified stamps and the row version, which every table the connector touches has. */
export function auditColumns(): DataverseColumn[] {
  return [
    dateTime('createdon', readOnly),
    dateTime('modifiedon', readOnly),
    lookup('createdby', 'systemuser', readOnly),
    lookup('modifiedby', 'systemuser', readOnly),
    lookup('createdonbehalfby', 'systemuser', readOnly),
    lookup('modifiedonbehalfby', 'systemuser', readOnly),
    bigInt('versionnumber', readOnly),
    integer('importsequencenumber', createOnly),
    // Data migration: lets a create back-date `createdon`.
    dateTime('overriddencreatedon', { ...createOnly, format: 'DateOnly' }),
  ];
}

/** `ownerid` and the owning* lookups of user-owned tables. */
export function ownerColumns(): DataverseColumn[] {
  return [
    owner(),
    lookup('owningbusinessunit', 'businessunit', readOnly),
    lookup('owninguser', 'systemuser', readOnly),
    lookup('owningteam', 'team', readOnly),
  ];
}

/** The currency lookup and exchange rate of money-bearing tables. */
export function currencyColumns(currencyFlags: ColumnFlags = {}): DataverseColumn[] {
  return [
    lookup('transactioncurrencyid', 'transactioncurrency', currencyFlags),
    decimal('exchangerate', 10, readOnly),
  ];
}
