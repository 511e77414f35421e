import type { Contact } from '../entities/Contact';
import type { Opportunity, OpportunityStatus } from '../entities/Opportunity';
import type { RecordLink } from '../entities/RecordLink';
import type { SalesHeader } from '../entities/SalesHeader';
import * as V from './demoVocabulary';
import type { Prng } from './Prng';

const DAY = 86_400_000;
const FIRST_DAY_2025 = Date.UTC(2025, 0, 1);
const STATUSES: readonly OpportunityStatus[] = ['Not Started', 'In Progress', 'In Progress', 'In Progress', 'Won', 'Lost'];

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Opportunities for person contacts, numbered OP00001…, owned by the contact's salesperson; a third of them are closed. */
export function demoOpportunities(p: Prng, count: number, contacts: Contact[], now: Date): Opportunity[] {
  const persons = contacts.filter((c) => c.type === 'Person');
  if (persons.length === 0) return [];
  const width = Math.max(5, String(count).length + 1);
  return Array.from({ length: count }, (_, i) => {
    const contact = p.pick(persons);
    const status = p.pick(STATUSES);
    const created = FIRST_DAY_2025 + p.int(0, 300) * DAY;
    const closing = created + p.int(14, 120) * DAY;
    return {
      no: `OP${String(i + 1).padStart(width, '0')}`, description: `${p.pick(V.OPPORTUNITY_TOPICS)} for ${contact.companyName}`.slice(0, 100),
      contactNo: contact.no, contactCompanyNo: contact.companyNo, salespersonCode: contact.salespersonCode, status,
      creationDate: date(created), dateClosed: status === 'Won' || status === 'Lost' ? date(closing) : null,
      estimatedValueLcy: String(p.int(10, 500) * 100), estimatedClosingDate: date(closing), probabilityPercent: String(p.pick([10, 25, 50, 75, 90])),
      systemId: p.uuid(), modifiedAt: now,
    };
  });
}

/** A note (Record Link of type Note) on a share of the sales orders. */
export function demoSalesOrderNotes(p: Prng, share: number, orders: SalesHeader[], now: Date): RecordLink[] {
  const notes: RecordLink[] = [];
  for (const order of orders) {
    if (!p.chance(share)) continue;
    notes.push({
      tableName: 'SalesHeader', recordNo: order.no, type: 'Note', url: null, description: 'Note', note: p.pick(V.NOTE_TEXTS),
      createdAt: now, userId: 'DEMO', notify: false, toUserId: null, systemId: p.uuid(), modifiedAt: now,
    });
  }
  return notes;
}
