import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodes,
  MappingValidationError,
  builtInTransformationRules,
  stateEntities,
  validateMappings,
  withDefaults,
  type TableDefinition,
  type TableMappingDefinition,
  type ValidationContext,
} from '../src/index';
import { CUSTOMER_FIELDS, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const customerTable: TableDefinition = {
  name: 'Customer', idField: 'no', modifiedOnField: 'modifiedOn', modifiedByField: 'modifiedBy',
  fields: {
    no: { name: 'no', type: 'string', maxLength: 20 },
    name: { name: 'name', type: 'string', maxLength: 100 },
    city: { name: 'city', type: 'string', maxLength: 30, nullable: true },
    phone: { name: 'phone', type: 'string', maxLength: 30, nullable: true },
    balance: { name: 'balance', type: 'decimal', readOnly: true },
    modifiedOn: { name: 'modifiedOn', type: 'datetime' },
    modifiedBy: { name: 'modifiedBy', type: 'string', nullable: true },
  },
};
const accountTable: TableDefinition = {
  name: 'account', idField: 'accountid', modifiedOnField: 'modifiedon',
  fields: {
    accountid: { name: 'accountid', type: 'uuid' },
    name: { name: 'name', type: 'string', maxLength: 160 },
    address1_city: { name: 'address1_city', type: 'string', maxLength: 80, nullable: true },
    telephone1: { name: 'telephone1', type: 'string', maxLength: 50, nullable: true },
    createdon: { name: 'createdon', type: 'datetime', readOnly: true },
    modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
  },
};
const context: ValidationContext = {
  businessTables: new Map([['Customer', customerTable]]),
  integrationTables: new Map([['account', accountTable]]),
  transformationRules: new Set(Object.keys(builtInTransformationRules)),
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MappingValidationError);
    return (error as MappingValidationError).problems;
  }
  throw new Error('expected a MappingValidationError, but nothing was thrown');
}

/** One mapping set with one of each problem the validator must find. */
const badSet: TableMappingDefinition[] = [
  {
    name: 'VENDOR', businessTable: 'Vendor', integrationTable: 'account', direction: 'toIntegration',
    fields: [{ business: 'name', integration: 'name' }],
  },
  {
    name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', dependsOn: ['GHOST'],
    businessFilter: { colour: 'red' },
    fields: [
      { business: 'name', integration: 'name' },
      { business: 'city', integration: 'address1_cty' },
      { business: 'phone', integration: 'telephone1', direction: 'fromIntegration' },
      { business: 'no', integration: 'createdon' },
      { business: 'city', integration: 'address1_city', transform: [{ rule: 'shout' }] },
    ],
  },
  { name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: [{ business: 'name', integration: 'name' }] },
  {
    name: 'CONTACT', businessTable: 'Customer', integrationTable: 'account', direction: 'bidirectional',
    fields: [
      { business: 'name', integration: 'name', transform: [{ rule: 'upper' }] },
      { business: 'balance', integration: 'telephone1' },
    ],
  },
  { name: 'ALPHA', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', dependsOn: ['BETA'], fields: [{ business: 'name', integration: 'name' }] },
  { name: 'BETA', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', dependsOn: ['GAMMA'], fields: [{ business: 'name', integration: 'name' }] },
  { name: 'GAMMA', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', dependsOn: ['ALPHA'], fields: [{ business: 'name', integration: 'name' }] },
];

const expectedProblems = [
  'mapping "CUSTOMER" is defined more than once',
  'mapping "VENDOR": unknown business table "Vendor"',
  'mapping "CUSTOMER" businessFilter: unknown field "colour" in table "Customer"',
  'mapping "CUSTOMER" field #2 (city ↔ address1_cty): unknown integration field "address1_cty" in table "account" (did you mean "address1_city"?)',
  'mapping "CUSTOMER" field #3 (phone ↔ telephone1): direction fromIntegration cannot run in a toIntegration mapping',
  'mapping "CUSTOMER" field #4 (no ↔ createdon): integration field "createdon" is read-only, so direction toIntegration cannot write it',
  'mapping "CUSTOMER" field #5 (city ↔ address1_city): unknown transformation rule "shout"',
  'mapping "CONTACT" field #1 (name ↔ name): a bidirectional field with a transform needs transformDirection',
  'mapping "CONTACT" field #2 (balance ↔ telephone1): business field "balance" is read-only, so direction bidirectional cannot write it',
  'mapping "CUSTOMER" depends on unknown mapping "GHOST"',
  'mappings depend on each other in a circle: ALPHA → BETA → GAMMA → ALPHA',
];

describe('validateMappings', () => {
  it('a valid mapping set passes', () => {
    expect(() =>
      validateMappings(
        [
          withDefaults({ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', fields: CUSTOMER_FIELDS }),
          withDefaults({
            name: 'CUSTOMER_NAMES', businessTable: 'Customer', integrationTable: 'account', dependsOn: ['CUSTOMER'], businessFilter: { city: { $like: 'O%' } },
            fields: [
              { business: 'name', integration: 'name', transform: [{ rule: 'upper' }], transformDirection: 'toIntegration' },
              { business: 'balance', integration: 'telephone1', direction: 'toIntegration' },
              { integration: 'address1_city', constant: 'Oslo', direction: 'toIntegration' },
            ],
          }),
        ],
        context,
      ),
    ).not.toThrow();
  });

  it('one error lists every problem of a mapping set, each once, and nothing else', () => {
    let thrown = 0;
    let error: unknown;
    try {
      validateMappings(badSet.map(withDefaults), context);
    } catch (e) {
      thrown += 1;
      error = e;
    }
    expect(thrown).toBe(1);
    expect(error).toBeInstanceOf(MappingValidationError);
    const validation = error as MappingValidationError;
    expect(validation.code).toBe(ErrorCodes.MAPPING_INVALID);
    expect([...validation.problems].sort()).toEqual([...expectedProblems].sort());
    // The message carries every problem too, so a log line is enough to fix them all.
    for (const problem of expectedProblems) expect(validation.message).toContain(problem);
    expect(validation.message).toContain(`(${expectedProblems.length} problems)`);
  });

  it('a self-dependency is a circle of one', () => {
    const problems = problemsOf(() =>
      validateMappings([withDefaults({ name: 'SELF', businessTable: 'Customer', integrationTable: 'account', dependsOn: ['SELF'], fields: CUSTOMER_FIELDS })], context),
    );
    expect(problems).toEqual(['mappings depend on each other in a circle: SELF → SELF']);
  });

  it('overlapPages must be a boolean', () => {
    const problems = problemsOf(() =>
      validateMappings([withDefaults({ name: 'PAGES', businessTable: 'Customer', integrationTable: 'account', overlapPages: 'yes' as never, fields: CUSTOMER_FIELDS })], context),
    );
    expect(problems).toEqual(['mapping "PAGES": overlapPages must be true or false']);
  });

  it('reports unknown integration tables, bad filter operators and unknown template fields', () => {
    const problems = problemsOf(() =>
      validateMappings(
        [
          withDefaults({ name: 'LEAD', businessTable: 'Customer', integrationTable: 'lead', fields: [{ business: 'name', integration: 'subject' }] }),
          withDefaults({
            name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', fields: CUSTOMER_FIELDS,
            integrationFilter: { name: { $regex: 'A.*' } as never, $nor: [] as never },
            templates: { integration: [{ name: 'DEFAULT', values: { industrycode: 1 } }] },
          }),
        ],
        context,
      ),
    );
    expect(problems).toContain('mapping "LEAD": unknown integration table "lead"');
    expect(problems).toContain('mapping "CUSTOMER" integrationFilter: unknown operator "$regex" on field "name"');
    expect(problems).toContain('mapping "CUSTOMER" integrationFilter: unknown filter operator "$nor" (did you mean "$or"?)');
    expect(problems).toContain('mapping "CUSTOMER" integration template "DEFAULT": unknown field "industrycode"');
    expect(problems).toHaveLength(4);
  });
});

describe('createHost validates the mappings the plugins registered', () => {
  let db: TwoDatabases | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('fails boot with one MappingValidationError listing every problem', async () => {
    const plugin = testPlugin(badSet, (registry) => {
      // An integration table definition with read-only fields, registered by the plugin (it wins over describe()).
      registry.addIntegrationTable(accountTable);
    });
    const error = await twoDatabases([plugin]).then(
      (opened) => {
        db = opened;
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MappingValidationError);
    const problems = (error as MappingValidationError).problems;
    // The unknown business table is reported once, with the store's reason.
    const vendor = problems.filter((p) => p.includes('"Vendor"'));
    expect(vendor).toHaveLength(1);
    expect(vendor[0]).toMatch(/^mapping "VENDOR": business table "Vendor": .*unknown table "Vendor"/);
    // Every other problem, exactly as the validator words it; nothing else. (The fixture's Customer entity has no
    // read-only "balance" field, so that one is an unknown field here.)
    const rest = expectedProblems
      .filter((p) => !p.includes('"Vendor"'))
      .map((p) => (p.includes('"balance" is read-only') ? 'mapping "CONTACT" field #2 (balance ↔ telephone1): unknown business field "balance" in table "Customer"' : p));
    expect(problems.filter((p) => !p.includes('"Vendor"')).sort()).toEqual([...rest].sort());
  });

  it('an integration table the store cannot describe is reported with the store\'s reason', async () => {
    const error = await twoDatabases([
      testPlugin([{ name: 'LEAD', businessTable: 'Customer', integrationTable: 'lead', direction: 'toIntegration', fields: [{ business: 'name', integration: 'subject' }] }]),
    ]).then(
      (opened) => {
        db = opened;
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MappingValidationError);
    const problems = (error as MappingValidationError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^mapping "LEAD": integration table "lead": .*unknown table "lead"/);
  });

  it('changed settings are validated as a whole before anything is stored', async () => {
    db = await twoDatabases([
      testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }]),
    ]);
    const error = await db.host.mappings.update('CUSTOMER', { businessFilter: { colour: 'red' }, direction: 'fromIntegration' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MappingValidationError);
    expect((error as MappingValidationError).problems).toEqual(['mapping "CUSTOMER" businessFilter: unknown field "colour" in table "Customer"']);
    expect((await db.host.state.mappingState('CUSTOMER'))?.settings).toBeNull();
    expect(db.host.mappings.get('CUSTOMER').direction).toBe('toIntegration');
    expect(db.host.mappings.get('CUSTOMER').businessFilter).toBeUndefined();
  });

  it('a host with a bad mapping leaves no state behind in its database file', async () => {
    const file = join(tmpdir(), `tandem-validate-${randomUUID()}.sqlite`);
    try {
      const bad = testPlugin(
        [
          { name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS },
          { name: 'BROKEN', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: [{ business: 'name', integration: 'nosuchfield' }] },
        ],
        (registry) => registry.addOptionMappings('paymentTerms', [{ business: 'NET30', integration: 1 }]),
      );
      await expect(twoDatabases([bad], { businessFile: file })).rejects.toBeInstanceOf(MappingValidationError);

      const orm = await MikroORM.init({ dbName: file, entities: [...stateEntities] });
      try {
        await orm.schema.updateSchema({ safe: true });
        const em = orm.em.fork();
        expect(await em.count('MappingState', {})).toBe(0);
        expect(await em.count('ScheduleEntry', {})).toBe(0);
        expect(await em.count('OptionMapping', {})).toBe(0);
        expect(await em.count('Coupling', {})).toBe(0);
        expect(await em.count('SyncJob', {})).toBe(0);
      } finally {
        await orm.close();
      }

      // The failed boot closed its database: a good host opens the same file and seeds it, once per mapping.
      db = await twoDatabases(
        [testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }])],
        { businessFile: file },
      );
      const em = db.host.orm.em.fork();
      expect((await em.find('MappingState', {})).map((s) => (s as { mapping: string }).mapping)).toEqual(['CUSTOMER']);
    } finally {
      await db?.close();
      db = undefined;
      rmSync(file, { force: true });
    }
  });
});
