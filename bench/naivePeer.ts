import { openPeer } from './peerClient';
import { customerAccount, type PeerSource } from './peerRows';
import { peerFigures } from './peerFigures';
import { timed } from './measure';

/** Scenario 6: what a developer writes first — one `dynamics-web-api` create per customer, each link saved as it comes. */
export async function naivePeer(dir: string, source: PeerSource) {
  const peer = await openPeer(dir);
  try {
    const insert = peer.links.prepare('INSERT INTO link (customer_no, account_id) VALUES (?, ?)');
    const run = await timed(async () => {
      for (const customer of source.customers) {
        const id = await peer.client.create<Record<string, unknown>, string>({ collection: 'accounts', data: customerAccount(customer, source.ownerOf) });
        insert.run(customer.no, id);
      }
    }, peer.emulator.pid);
    return peerFigures(run, source.customers.length);
  } finally {
    await peer.close();
  }
}
