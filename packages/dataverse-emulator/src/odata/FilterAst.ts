/** The syntax tree of an OData `$filter` expression (the subset Dataverse supports). */
export type FilterNode =
  /** A chain `a and b and c` is one node with every operand (not a deep binary tree), so long chains stay shallow. */
  | { kind: 'and' | 'or'; operands: FilterNode[] }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOperator; left: ValueNode; right: ValueNode }
  | { kind: 'in'; left: ValueNode; values: ValueNode[] }
  | { kind: 'stringFunction'; name: StringFunction; target: ValueNode; argument: ValueNode }
  | { kind: 'queryFunction'; name: string; args: Record<string, ValueNode | ValueNode[]> }
  | { kind: 'bool'; value: ValueNode };

export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'contains' | 'startswith' | 'endswith';

export type ValueNode = PropertyNode | LiteralNode;

export interface PropertyNode {
  kind: 'property';
  /** `name` → ['name']; `primarycontactid/fullname` → ['primarycontactid', 'fullname']. */
  path: string[];
  position: number;
}

export type LiteralNode =
  | { kind: 'literal'; type: 'string'; value: string; position: number }
  | { kind: 'literal'; type: 'guid'; value: string; position: number }
  /** ISO 8601 date-time as written (may carry fractional seconds or an offset). */
  | { kind: 'literal'; type: 'datetime'; value: string; position: number }
  | { kind: 'literal'; type: 'date'; value: string; position: number }
  | { kind: 'literal'; type: 'number'; value: number; raw: string; position: number }
  | { kind: 'literal'; type: 'boolean'; value: boolean; position: number }
  | { kind: 'literal'; type: 'null'; value: null; position: number }
  /** `Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'`: the enum member name. */
  | { kind: 'literal'; type: 'enum'; value: string; enumType: string; position: number };
