// `pnpm start` as a newcomer runs it: the quickstart as a child process, in a fresh folder, then again on the kept
// files. A smaller demo (--customers 60 --items 30) keeps the test short; the default size is what `pnpm start` runs.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(here, '../../..');
const MAIN = resolve(here, '../src/main.ts');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

// Inside the repository (its ignored .tandem/), so the copied config's `import '@tandem/…'` resolves as a host's would.
mkdirSync(join(REPO_ROOT, '.tandem'), { recursive: true });
const dir = mkdtempSync(join(REPO_ROOT, '.tandem', 'quickstart-test-'));
copyFileSync(resolve(here, '../tandem.config.ts'), join(dir, 'tandem.config.ts'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runQuickstart(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TANDEM_')));
  return new Promise((done) => {
    execFile(process.execPath, [TSX_CLI, MAIN, '--config', join(dir, 'tandem.config.ts'), '--customers', '60', '--items', '30'], { cwd: dir, env, timeout: 170_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** What the ERP file says, read apart from the quickstart's process. */
function erp<T>(sql: string): T {
  const db = new Database(join(dir, '.tandem', 'erp.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

/** The mappings in the seeds' job order, as the full sync takes them (src/jobOrder.ts). */
const JOB_ORDER = [
  'SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'RESOURCE-PRODUCT', 'ITEM-PRODUCT', 'CUSTPRCGRP-PRICE', 'SALESPRC-PRODPRICE',
  'CUSTOMER', 'CONTACT', 'OPPORTUNITY', 'SALESQUOTE-QUOTE', 'SALESORDER-ORDER', 'SALESORDER-NOTES', 'POSTEDSALESINV-INV',
];

/** The summary table's row of a mapping (its first pass): the run 1, run 2 and run 3 cells and the coupled count. */
function summaryRow(out: string, mapping: string): { run1: string; run2: string; run3: string; coupled: number } {
  // Columns are two or more spaces apart; the progress lines have fewer cells and no count at the end.
  const cells = out.split('\n').map((line) => line.split(/ {2,}/)).find((c) => c.length === 7 && c[1] === mapping && /^\d+$/.test(c[6]!));
  if (!cells) throw new Error(`no summary row for ${mapping} in:\n${out}`);
  return { run1: cells[3]!, run2: cells[4]!, run3: cells[5]!, coupled: Number(cells[6]) };
}

describe('the quickstart (pnpm start)', () => {
  it('seeds both sides, runs setup, a full sync in the seeds\' job order and two quiet runs, then the worker carries changes both ways and the order through to its invoice', async () => {
    const run = await runQuickstart();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/1\. ERP demo data: 60 customers, 3\d items, 4 salespeople, 7 foreign currencies, 7 units of measure, posted invoice SI00001/);
    expect(out).toContain('CRM: 5 users, 6 accounts named like ERP customers, 3 accounts only the CRM has; on the first, Casey added a contact, an opportunity, a quote and cases; on the second, an activated quote');
    expect(out).toContain('2. Setup: 4 ERP salespeople coupled to the CRM users of the same name');
    // The seeds' job order, with a progress line per job.
    const order = JOB_ORDER.map((m) => out.indexOf(`  ${m} `));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(out).toMatch(/CUSTOMER +ERP → CRM +\d+ inserted · 6 coupled/);
    expect(out).toMatch(/CUSTOMER +CRM → ERP +3 inserted/);
    expect(out).toMatch(/\d+ inserted, 6 coupled by name, \d+ modified, \d+ failed/);
    // The only failures: persons of blocked customers, which have no account to go under.
    for (const line of out.split('\n').filter((l) => l.startsWith('   ! '))) expect(line).toMatch(/^   ! CONTACT: \d+ records? failed with TANDEM_CONTACT_CUSTOMER_NOT_COUPLED/);
    // The summary table: every mapping wrote in run 1 (but the order mappings, which had no order yet), nothing after.
    for (const mapping of JOB_ORDER) {
      const row = summaryRow(out, mapping);
      expect([row.run2, row.run3], mapping).toEqual(['nothing written', 'nothing written']);
      if (!mapping.startsWith('SALESORDER')) expect(row.run1, mapping).toMatch(/^\d+ inserted/);
    }
    expect(summaryRow(out, 'RESOURCE-PRODUCT')).toMatchObject({ run1: '5 inserted', coupled: 5 });
    expect(summaryRow(out, 'CUSTPRCGRP-PRICE')).toMatchObject({ run1: '2 inserted', coupled: 2 });
    expect(summaryRow(out, 'SALESPRC-PRODPRICE')).toMatchObject({ run1: '10 inserted', coupled: 10 });
    expect(summaryRow(out, 'SALESQUOTE-QUOTE')).toMatchObject({ run1: '1 inserted', coupled: 1 });
    expect(summaryRow(out, 'POSTEDSALESINV-INV')).toMatchObject({ run1: '1 inserted', coupled: 1 });
    expect(out).toContain(`Casey's quote "Warehouse shelving, offer" is ERP sales quote SQ00001 (2 lines); posted invoice SI00001 is a CRM invoice with 2 lines`);
    expect(out).toMatch(/^ +CRM → ERP +1 inserted +nothing written +nothing written$/m); // Casey's contact, opportunity
    expect(out).toMatch(/Plugin jobs: CUSTOMER-STATISTICS \d+ inserted, 0 modified, 0 failed; ITEM-AVAILABILITY 0 inserted, 0 modified, 0 failed/);
    expect(out).toMatch(/Runs 2 and 3: 0 rows written on either side; the CRM answered \d+ requests and wrote 0 rows\./);
    expect(out).toMatch(/The CRM view of C\d+ from the ERP \(`pnpm tandem crm-stats C\d+`\): 1 open opportunity, 1 open quote, 1 open case/);
    expect(out).toMatch(/✓ ERP → CRM: the account's city is \w+/);
    expect(out).toMatch(/✓ CRM → ERP: C\d+'s phone is \+1 912 555 \d{4}/);
    expect(out).toMatch(/✓ CRM → ERP: the submitted order is ERP sales order SO00002/);
    expect(out).toMatch(/✓ CRM → ERP: the note is on SO00002/);
    expect(out).toMatch(/✓ ERP → CRM: order ORD-\S+ is Invoiced/);
    expect(out).toMatch(/✓ ERP → CRM: invoice SI00002 with its 2 lines, linked to order ORD-\S+/);
    expect(out).toMatch(/MAPPING +DIRECTION +COUPLED/);
    expect(out).toMatch(/CUSTOMER +bidirectional +\d+ /);
    expect(out).toMatch(/CRM http:\/\/127\.0\.0\.1:\d+\/main\.aspx\?pagetype=entityrecord&etn=account&id=[0-9a-f-]{36}/);
    // What the story says is what the ERP file holds.
    const phone = /CRM → ERP: (C\d+)'s phone is (\+1 912 555 \d{4})/.exec(out)!;
    expect(erp<{ phone_no: string }>(`select phone_no from customer where no = '${phone[1]}'`).phone_no).toBe(phone[2]);
    expect(erp<{ n: number }>(`select count(*) as n from sales_invoice_header`).n).toBe(2);
    expect(erp<{ n: number }>(`select count(*) as n from sales_header where document_type = 'Quote' and external_document_no = 'Warehouse shelving, offer'`).n).toBe(1);
    expect(erp<{ n: number }>(`select count(*) as n from contact where name = 'Nora North' and type = 'Person'`).n).toBe(1);
    expect(erp<{ n: number }>(`select count(*) as n from resource`).n).toBe(5);
  }, 180_000);

  it('a second run on the kept files says so, finds everything in step, and new changes still travel', async () => {
    const run = await runQuickstart();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/1\. Kept state found: 63 ERP customers and \d+ couplings from an earlier run — no demo data added/);
    expect(out).not.toContain('ERP demo data:');
    expect(out).toContain('2. Setup: the 4 ERP salespeople are already coupled to their CRM users');
    expect(out).toMatch(/already synchronized: 0 inserted, 0 coupled.*0 failed/);
    for (const mapping of JOB_ORDER) expect([summaryRow(out, mapping).run2, summaryRow(out, mapping).run3], mapping).toEqual(['nothing written', 'nothing written']);
    expect(out).toMatch(/Runs 2 and 3: 0 rows written on either side; the CRM answered \d+ requests and wrote 0 rows\./);
    expect(out).toMatch(/✓ ERP → CRM: the account's city is \w+/);
    expect(out).toMatch(/✓ CRM → ERP: C\d+'s phone is/);
    expect(out).toMatch(/✓ CRM → ERP: the submitted order is ERP sales order SO00003/);
    expect(out).toMatch(/✓ CRM → ERP: the note is on SO00003/);
    expect(out).toMatch(/✓ ERP → CRM: order ORD-\S+ is Invoiced/);
    expect(out).toMatch(/✓ ERP → CRM: invoice SI00003 with its 2 lines, linked to order ORD-\S+/);
    expect(erp<{ n: number }>(`select count(*) as n from sales_invoice_header`).n).toBe(3);
  }, 180_000);
});
