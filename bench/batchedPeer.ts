import { openPeer, type Peer } from './peerClient';
import { customerAccount, type PeerSource } from './peerRows';
import { peerFigures } from './peerFigures';
import { timed } from './measure';

const BATCH = 1000;

/** Scenario 7: a careful script — `executeBatch` of 1 000 creates, the batch's links written in one transaction. */
export async function batchedPeer(dir: string, source: PeerSource) {
  const peer = await openPeer(dir);
  try {
    return peerFigures(await timed(() => sendBatches(peer, source), peer.emulator.pid), source.customers.length);
  } finally {
    await peer.close();
  }
}

/** Scenario 7's work on an open peer (`profileScenario.ts peer` measures the emulator's CPU around it). */
export async function sendBatches(peer: Peer, source: PeerSource): Promise<void> {
  const insert = peer.links.prepare('INSERT INTO link (customer_no, account_id) VALUES (?, ?)');
  const save = peer.links.transaction((pairs: [string, string][]) => {
    for (const [no, id] of pairs) insert.run(no, id);
  });
  for (let start = 0; start < source.customers.length; start += BATCH) {
    const chunk = source.customers.slice(start, start + BATCH);
    peer.client.startBatch();
    for (const customer of chunk) void peer.client.create({ collection: 'accounts', data: customerAccount(customer, source.ownerOf) });
    const ids = (await peer.client.executeBatch()) as string[];
    if (ids.length !== chunk.length) throw new Error(`executeBatch answered ${ids.length} of ${chunk.length} creates`);
    save(chunk.map((customer, i) => [customer.no, ids[i]!]));
  }
}
