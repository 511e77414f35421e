/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'SalesOrderNotesPlugin';

/** The mapping ERP sales-order notes (Record Links) ↔ CRM annotations of the coupled orders. */
export const SALES_ORDER_NOTES = 'SALESORDER-NOTES';

/** The ERP table a note is attached to (`RecordLink.tableName`). */
export const NOTE_TABLE = 'SalesHeader';

/** `RecordLink.type` of a note. */
export const NOTE_TYPE = 'Note';

/** The CRM table whose annotations take part (`annotation.objecttypecode`). */
export const CRM_ORDER_TABLE = 'salesorder';

/** Longest note description the ERP keeps (`RecordLink.description`). */
export const DESCRIPTION_LENGTH = 250;
