import { afterEach, describe, expect, it } from 'vitest';
import {
  EVERY_MAPPING,
  MappingValidationError,
  MikroOrmStore,
  argumentCheck,
  builtInTransformationRules,
  validateMappings,
  withDefaults,
  type TableDefinition,
  type TableMappingDefinition,
  type TransformStep,
  type ValidationContext,
} from '../src/index';
import { withCanonicalNames } from '../src/model/canonicalNames';
import { CUSTOMER_FIELDS, customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const customerTable: TableDefinition = {
  name: 'Customer', idField: 'no', modifiedOnField: 'modifiedOn',
  fields: {
    no: { name: 'no', type: 'string', maxLength: 20 },
    name: { name: 'name', type: 'string', maxLength: 100 },
    city: { name: 'city', type: 'string', maxLength: 30, nullable: true },
    salespersonCode: { name: 'salespersonCode', type: 'string', maxLength: 20, nullable: true },
    paymentTermsCode: { name: 'paymentTermsCode', type: 'string', maxLength: 10, nullable: true },
    modifiedOn: { name: 'modifiedOn', type: 'datetime' },
  },
};
const salespersonTable: TableDefinition = {
  name: 'Salesperson', idField: 'code', modifiedOnField: 'modifiedOn',
  fields: {
    code: { name: 'code', type: 'string', maxLength: 20 },
    name: { name: 'name', type: 'string', maxLength: 50 },
    modifiedOn: { name: 'modifiedOn', type: 'datetime' },
  },
};
/** Dataverse-shaped: the owner lookup is read as `_ownerid_value`, its logical name is `ownerid`. */
const accountTable: TableDefinition = {
  name: 'account', idField: 'accountid', modifiedOnField: 'modifiedon',
  fields: {
    accountid: { name: 'accountid', type: 'uuid' },
    name: { name: 'name', type: 'string', maxLength: 160 },
    address1_city: { name: 'address1_city', type: 'string', maxLength: 80, nullable: true },
    _ownerid_value: { name: '_ownerid_value', logicalName: 'ownerid', type: 'lookup', references: 'systemuser' },
    paymenttermscode: {
      name: 'paymenttermscode', type: 'option', nullable: true,
      options: [{ value: 1, label: 'Net 30' }, { value: 2, label: '2% 10, Net 30' }, { value: 3, label: 'Net 45' }],
    },
    modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
  },
};
const systemuserTable: TableDefinition = {
  name: 'systemuser', idField: 'systemuserid', modifiedOnField: 'modifiedon',
  fields: {
    systemuserid: { name: 'systemuserid', type: 'uuid' },
    fullname: { name: 'fullname', type: 'string', maxLength: 100 },
    modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
  },
};
const context: ValidationContext = {
  businessTables: new Map([['Customer', customerTable], ['Salesperson', salespersonTable]]),
  integrationTables: new Map([['account', accountTable], ['systemuser', systemuserTable]]),
  transformationRules: new Set(Object.keys(builtInTransformationRules)),
  optionMappings: [
    { optionSet: 'paymentterms', businessValue: '30 DAYS', integrationValue: 1 },
    { optionSet: 'paymentterms', businessValue: '45 DAYS', integrationValue: 3 },
  ],
};
const SALESPERSON: TableMappingDefinition = {
  name: 'SALESPERSON', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'fromIntegration',
  fields: [{ business: 'name', integration: 'fullname' }],
};

function problemsOf(definitions: TableMappingDefinition[], ctx: ValidationContext = context): string[] {
  try {
    validateMappings(definitions.map(withDefaults), ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingValidationError);
    return (error as MappingValidationError).problems;
  }
  return [];
}

const customer = (overrides: Partial<TableMappingDefinition>): TableMappingDefinition => ({
  name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration',
  fields: [{ business: 'name', integration: 'name' }], ...overrides,
});

async function bootError(plugins: Parameters<typeof twoDatabases>[0]): Promise<MappingValidationError> {
  const error = await twoDatabases(plugins).then(
    async (opened) => {
      await opened.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MappingValidationError);
  return error as MappingValidationError;
}

describe('transformation rules check their arguments at boot', () => {
  it('names the mapping, the field and the rule of every bad step', () => {
    const problems = problemsOf([
      customer({
        fields: [
          { business: 'name', integration: 'name', transform: [{ rule: 'trim' }, { rule: 'replace', replace: '-' }] },
          { business: 'city', integration: 'address1_city', transform: [{ rule: 'regexReplace', pattern: '(unclosed', replace: '' }] },
          { business: 'no', integration: 'accountid', transform: [{ rule: 'substring', start: 1.5 }, { rule: 'uper' }] },
        ],
      }),
    ]);
    expect(problems).toEqual([
      'mapping "CUSTOMER" field #1 (name ↔ name) transform step #2 (replace): needs a text argument "find"',
      expect.stringMatching(/^mapping "CUSTOMER" field #2 \(city ↔ address1_city\) transform step #1 \(regexReplace\): invalid regular expression "\(unclosed": .*/),
      'mapping "CUSTOMER" field #3 (no ↔ accountid) transform step #1 (substring): argument "start" must be a whole number of at least 1, not 1.5',
      'mapping "CUSTOMER" field #3 (no ↔ accountid): unknown transformation rule "uper" (did you mean "upper"?)',
    ]);
  });

  it('refuses misspelt arguments, bad regular expression flags and an empty find; accepts good steps', () => {
    const problems = problemsOf([
      customer({
        fields: [
          { business: 'name', integration: 'name', transform: [{ rule: 'replace', fnd: 'a', replace: 'b' }, { rule: 'replace', find: '', replace: 'b' }] },
          { business: 'city', integration: 'address1_city', transform: [{ rule: 'regexReplace', pattern: 'a+', replace: 'b', flags: 'gq' }] },
        ],
      }),
    ]);
    expect(problems).toEqual([
      'mapping "CUSTOMER" field #1 (name ↔ name) transform step #1 (replace): unknown argument "fnd" (did you mean "find"?); it takes "find", "replace"',
      'mapping "CUSTOMER" field #1 (name ↔ name) transform step #1 (replace): needs a text argument "find"',
      'mapping "CUSTOMER" field #1 (name ↔ name) transform step #2 (replace): argument "find" must not be empty (it would match between every character)',
      expect.stringMatching(/^mapping "CUSTOMER" field #2 \(city ↔ address1_city\) transform step #1 \(regexReplace\): invalid regular expression "a\+" with flags "gq": /),
    ]);
    expect(
      problemsOf([
        customer({
          fields: [
            { business: 'name', integration: 'name', transform: [{ rule: 'substring', start: 2, length: 3 }, { rule: 'regexReplace', pattern: '\\s+', replace: ' ', flags: 'gi' }] },
          ],
        }),
      ]),
    ).toEqual([]);
  });

  describe('at boot', () => {
    let db: TwoDatabases | undefined;
    afterEach(async () => {
      await db?.close();
      db = undefined;
    });

    it('createHost fails on a replace without find instead of failing the first record', async () => {
      const error = await bootError([
        testPlugin([customerMapping({ direction: 'toIntegration', fields: [{ business: 'name', integration: 'name', transform: [{ rule: 'replace', replace: 'x' }] }] })]),
      ]);
      expect(error.problems).toEqual(['mapping "CUSTOMER" field #1 (name ↔ name) transform step #1 (replace): needs a text argument "find"']);
    });

    it("a plugin rule's own argument check runs at boot; the rule works at run time", async () => {
      const pad = (value: unknown, step: TransformStep) => (value == null ? null : String(value).padStart(step.width as number, '0'));
      const plugin = (width: unknown) =>
        testPlugin([customerMapping({ direction: 'toIntegration', fields: [{ business: 'name', integration: 'name', transform: [{ rule: 'pad', width }] }] })], (registry) =>
          registry.addTransformationRule('pad', pad, argumentCheck({ width: { type: 'wholeNumber', required: true, min: 1 } })),
        );
      const error = await bootError([plugin('8')]);
      expect(error.problems).toEqual(['mapping "CUSTOMER" field #1 (name ↔ name) transform step #1 (pad): argument "width" must be a whole number of at least 1, not "8"']);

      db = await twoDatabases([plugin(6)]);
      await insertCustomers(db.host, [{ name: '42' }]);
      await db.host.engine.fullSync('CUSTOMER');
      expect((await integrationRows(db.integrationOrm)).map((r) => r.name)).toEqual(['000042']);
    });
  });
});

describe('strict mapping definitions', () => {
  it('unknown keys anywhere in a definition, each with the closest known key', () => {
    const problems = problemsOf([
      SALESPERSON,
      {
        ...customer({
          direction: 'fromIntegration',
          schedule: { intervalSecs: 60 } as never,
          templates: { business: [{ name: 'NEW', values: { city: 'Oslo' }, filtr: { name: 'x' } } as never], integraton: [] } as never,
          fields: [
            { business: 'name', integration: 'name', match: { priorty: 1 } as never },
            { business: 'city', intgration: 'address1_city' } as never,
            { business: 'salespersonCode', integration: 'ownerid', reference: { maping: 'SALESPERSON' } as never },
          ],
        }),
        directon: 'toIntegration',
      } as TableMappingDefinition,
    ]);
    const known = (keys: string) => `; known keys: ${keys}`;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mapping "CUSTOMER": unknown key "directon" \(did you mean "direction"\?\); known keys: name, businessTable, /),
        'mapping "CUSTOMER" schedule: unknown key "intervalSecs" (did you mean "intervalSeconds"?)' + known('intervalSeconds, inactivityTimeoutSeconds'),
        'mapping "CUSTOMER" templates: unknown key "integraton" (did you mean "integration"?)' + known('business, integration'),
        'mapping "CUSTOMER" business template "NEW": unknown key "filtr" (did you mean "filter"?)' + known('name, priority, filter, values'),
        'mapping "CUSTOMER" field #1 (name ↔ name) match: unknown key "priorty" (did you mean "priority"?)' + known('priority, caseSensitive'),
        expect.stringMatching(/^mapping "CUSTOMER" field #2 \(city ↔ \(constant\)\): unknown key "intgration" \(did you mean "integration"\?\); known keys: business, integration, /),
        'mapping "CUSTOMER" field #3 (salespersonCode ↔ ownerid) reference: unknown key "maping" (did you mean "mapping"?)' + known('mapping'),
      ]),
    );
  });

  it('two field mappings writing one destination field in one direction', () => {
    const problems = problemsOf([
      customer({
        direction: 'bidirectional',
        fields: [
          { business: 'name', integration: 'name' },
          { business: 'city', integration: 'name', direction: 'toIntegration' },
          { business: 'name', integration: 'address1_city', direction: 'fromIntegration' },
          { business: 'name', integration: 'accountid', direction: 'fromIntegration', enabled: false },
        ],
      }),
    ]);
    expect(problems).toEqual([
      'mapping "CUSTOMER": fields #1 and #2 both write integration field "name" in direction toIntegration; keep one, disable the others (enabled: false) or give them another direction',
      'mapping "CUSTOMER": fields #1 and #3 both write business field "name" in direction fromIntegration; keep one, disable the others (enabled: false) or give them another direction',
    ]);
  });

  it('malformed filter operands', () => {
    const problems = problemsOf([
      customer({
        businessFilter: {
          name: { $eq: {} as never }, city: { $in: 'Oslo' as never }, no: { $between: [1, 2] } as never, $and: { name: 'x' } as never,
        },
        integrationFilter: { name: {}, address1_city: { $gt: null }, $or: [] },
      }),
    ]);
    expect(problems).toEqual([
      'mapping "CUSTOMER" businessFilter: $eq on field "name" needs a plain value (text, number, boolean, date or null), not {}',
      'mapping "CUSTOMER" businessFilter: $in on field "city" needs a list of values, not "Oslo"',
      'mapping "CUSTOMER" businessFilter: unknown operator "$between" on field "no"',
      'mapping "CUSTOMER" businessFilter: $and must be a list of filters, not {"name":"x"}',
      'mapping "CUSTOMER" integrationFilter: field "name" has no operators; give a value or e.g. { $eq: value }',
      'mapping "CUSTOMER" integrationFilter: $gt on field "address1_city" cannot compare with null; use $eq or $ne for empty values',
      'mapping "CUSTOMER" integrationFilter: an empty $or matches nothing; leave it out or give it filters',
    ]);
  });

  it('an undefined option set, and option mappings to values the integration column does not have', () => {
    const problems = problemsOf(
      [customer({ fields: [{ business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterm' }] })],
    );
    expect(problems).toEqual([
      'mapping "CUSTOMER" field #1 (paymentTermsCode ↔ paymenttermscode): option set "paymentterm" has no option mappings; register them with registry.addOptionMappings("paymentterm", …) or name a known option set ("paymentterms")',
    ]);
    const withBadValue = problemsOf([customer({ fields: [{ business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms' }] })], {
      ...context,
      optionMappings: [...context.optionMappings!, { optionSet: 'paymentterms', businessValue: '60 DAYS', integrationValue: 9 }],
    });
    expect(withBadValue).toEqual([
      'mapping "CUSTOMER" field #1 (paymentTermsCode ↔ paymenttermscode): option set "paymentterms" maps business value "60 DAYS" to 9, which column "paymenttermscode" of table "account" does not have; use one of 1 (Net 30), 2 (2% 10, Net 30), 3 (Net 45)',
    ]);
  });

  it('a lookup may be named by its logical name or its value property; the host uses the value property', () => {
    const byLogicalName = customer({
      dependsOn: ['SALESPERSON'],
      integrationFilter: { ownerid: { $ne: null } },
      templates: { integration: [{ name: 'OWNED', filter: { salespersonCode: { $ne: null } }, values: { ownerid: null } }] },
      fields: [{ business: 'name', integration: 'name' }, { business: 'salespersonCode', integration: 'ownerid' }],
    });
    const byValueProperty = customer({ fields: [{ business: 'salespersonCode', integration: '_ownerid_value', reference: { mapping: 'SALESPERSON' } }] });
    expect(problemsOf([SALESPERSON, byLogicalName])).toEqual([]);
    expect(problemsOf([SALESPERSON, byValueProperty])).toEqual([]);
    // Both names for one field are one destination field.
    expect(problemsOf([SALESPERSON, customer({ fields: [{ business: 'salespersonCode', integration: 'ownerid' }, { business: 'name', integration: '_ownerid_value' }] })])).toEqual([
      'mapping "CUSTOMER": fields #1 and #2 both write integration field "_ownerid_value" in direction toIntegration; keep one, disable the others (enabled: false) or give them another direction',
    ]);
    const canonical = withCanonicalNames(withDefaults(byLogicalName), context);
    expect(canonical.fields[1]).toEqual({ business: 'salespersonCode', integration: '_ownerid_value' });
    expect(canonical.integrationFilter).toEqual({ _ownerid_value: { $ne: null } });
    expect(canonical.templates.integration[0]).toMatchObject({ filter: { salespersonCode: { $ne: null } }, values: { _ownerid_value: null } });
  });
});

describe('boot checks that need the host', () => {
  let db: TwoDatabases | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('taps on .for(NAME) where no mapping has that name are reported with the hook and the tap', async () => {
    const error = await bootError([
      testPlugin([customerMapping({ direction: 'toIntegration' })], (registry) => {
        registry.hooks.onBeforeInsert.for('CUSTOMR').tap('numbering-plugin', () => undefined);
        registry.hooks.onRecordError.for('GHOST').tap({ name: 'error-plugin', stage: 5 }, () => undefined);
        registry.hooks.onAfterInsert.for('CUSTOMER').tap('fine', () => undefined);
        registry.hooks.onJobEnd.for(EVERY_MAPPING).tap('fine', () => undefined);
        registry.hooks.onJobStart.for('UNTAPPED'); // opened but never tapped: nothing to report
      }),
    ]);
    expect(error.problems).toEqual([
      'hook onBeforeInsert, tap "numbering-plugin": .for("CUSTOMR") names no mapping, so it never fires (did you mean "CUSTOMER"?); use a mapping\'s name or EVERY_MAPPING',
      'hook onRecordError, tap "error-plugin": .for("GHOST") names no mapping, so it never fires; use a mapping\'s name or EVERY_MAPPING',
    ]);
  });

  it('option mappings to values missing from the integration column fail the boot', async () => {
    const error = await bootError([
      testPlugin([customerMapping({ direction: 'toIntegration', fields: [...CUSTOMER_FIELDS, { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms' }] })], (registry) => {
        registry.addIntegrationTable({
          name: 'account', idField: 'accountid', modifiedOnField: 'modifiedon',
          fields: {
            accountid: { name: 'accountid', type: 'uuid' },
            name: { name: 'name', type: 'string', maxLength: 160 },
            address1_city: { name: 'address1_city', type: 'string', maxLength: 80, nullable: true },
            telephone1: { name: 'telephone1', type: 'string', maxLength: 50, nullable: true },
            paymenttermscode: { name: 'paymenttermscode', type: 'option', options: [{ value: 1, label: 'Net 30' }] },
            modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
          },
        });
        registry.addOptionMappings('paymentterms', [{ business: '30 DAYS', integration: 1 }, { business: '45 DAYS', integration: 3 }]);
      }),
    ]);
    expect(error.problems).toEqual([
      'mapping "CUSTOMER" field #4 (paymentTermsCode ↔ paymenttermscode): option set "paymentterms" maps business value "45 DAYS" to 3, which column "paymenttermscode" of table "account" does not have; use one of 1 (Net 30)',
    ]);
  });

  it('MikroOrmStore.checkFilter reports what its SQL translation refuses, and nothing for a good filter', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    const store: MikroOrmStore = db.host.stores.business;
    expect(store.checkFilter('Customer', { name: { $like: 'A%B_' }, $or: [{ city: 'Oslo' }, { blocked: false }] })).toEqual([]);
    expect(store.checkFilter('Customer', { colour: 'red' })).toEqual([expect.stringMatching(/^business cannot translate the filter: .*colour/)]);
  });
});
