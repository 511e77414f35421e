import { ChangeSetType, TransactionEventBroadcaster, TransactionManager, type EntityManager, type EventSubscriber } from '@mikro-orm/core';

/** The step of MikroORM 6.6's `TransactionManager` that hands a transaction's entities back to its parent. */
interface EntityPropagation {
  mergeEntitiesToParent(fork: EntityManager, parent: EntityManager): void;
}

/** Our deletion handlers: a nested fork inherits its parent's, which alone are no reason to flush. */
const deletionHandlers = new WeakSet<EventSubscriber>();

/**
 * `em.transactional(work)` without entering an `AsyncLocalStorage`. On Node 20 the first `run` of any
 * AsyncLocalStorage turns on promise hooks for the whole process, for good: every promise then pays for async_hooks
 * (≈ 14 % of a full sync's CPU). MikroORM enters two: `TransactionContext` around the callback and `UnitOfWork`'s
 * flush guard. This runs the same transaction without either: a fork of `em` (same identity map, cloned event
 * manager), the connection's own transaction (a savepoint when `em` is already in one), rollback when `work`
 * throws, entities handed back to `em` at the end. The one difference: the transaction's EntityManager is only the
 * one given to `work` — the global `orm.em` does not find it through the async context (none of our callers uses it).
 * `flush()` runs only when the unit of work holds something to write (work done with `insert`, `nativeUpdate`,
 * `execute`, … leaves it empty); a flush that does run still enters MikroORM's flush guard.
 */
export async function inTransaction<E extends EntityManager, T>(given: E, work: (em: E) => Promise<T>): Promise<T> {
  const em = given.getContext(false);
  const disabled = (m: EntityManager) => (m as unknown as { disableTransactions?: boolean }).disableTransactions;
  if (disabled(given) || disabled(em)) return work(em);
  const ctx = em.getTransactionContext();
  const fork = em.fork({ clear: false, cloneEventManager: true });
  const subscribed = [...fork.getEventManager().getSubscribers()].some((subscriber) => !deletionHandlers.has(subscriber));
  const propagation = new TransactionManager(em) as unknown as EntityPropagation;
  const propagate = !em.global || em.config.get('allowGlobalContext');
  const eventBroadcaster = new TransactionEventBroadcaster(fork, undefined, { topLevelTransaction: !ctx });
  return em.getConnection('write').transactional(async (trx) => {
    fork.setTransactionContext(trx);
    if (propagate) registerDeletionHandler(fork, em);
    const result = await work(fork as E);
    if (subscribed || hasChanges(fork)) await fork.flush();
    if (propagate) propagation.mergeEntitiesToParent(fork, em);
    return result;
  }, { ctx, eventBroadcaster });
}

/** Whether a flush of `em` would write anything: persisted or removed entities, or managed ones that changed. */
function hasChanges(em: EntityManager): boolean {
  const uow = em.getUnitOfWork(false);
  if (uow.getPersistStack().size > 0 || uow.getRemoveStack().size > 0 || uow.getOrphanRemoveStack().size > 0) return true;
  if (uow.getIdentityMap().values().length === 0) return false;
  uow.computeChangeSets();
  return uow.getChangeSets().length > 0 || uow.getCollectionUpdates().length > 0;
}

/** As `em.transactional` does: entities the transaction's flush deletes are forgotten by the parent too. */
function registerDeletionHandler(fork: EntityManager, parent: EntityManager): void {
  const handler: EventSubscriber = {
    afterFlush: ({ uow }) => {
      for (const cs of uow.getChangeSets()) {
        if (cs.type === ChangeSetType.DELETE || cs.type === ChangeSetType.DELETE_EARLY) parent.getUnitOfWork(false).unsetIdentity(cs.entity);
      }
    },
  };
  deletionHandlers.add(handler);
  fork.getEventManager().registerSubscriber(handler);
}
