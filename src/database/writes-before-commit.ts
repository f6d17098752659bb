import type { DataSource, EntityManager } from 'typeorm';

/**
 * Files a transaction's rows name (an issued document's PDF, stored under its hash) must be durable before the
 * transaction commits: a committed row naming a file a crash then takes away would be evidence pointing at nothing.
 * They need not be durable before the transaction's next statement, though. Storing a PDF waits on two fsyncs (the
 * file's and its directory's); a transaction run by `transactionAwaitingWrites` lets that wait run alongside its
 * other statements (drawing the 文号, inserting the rows, appending the event) and awaits every such write before it
 * commits. A write that fails fails the transaction, which then rolls back, as if the write had been awaited where
 * it started.
 */
const pending = new WeakMap<EntityManager, Promise<unknown>[]>();

/** Runs `work` in a transaction that awaits, before it commits, every write handed to `writeBeforeCommit`. */
export function transactionAwaitingWrites<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (em) => {
    const writes: Promise<unknown>[] = [];
    pending.set(em, writes);
    try {
      const result = await work(em);
      await Promise.all(writes);
      return result;
    } finally {
      pending.delete(em);
    }
  });
}

/**
 * A write that must be durable before `em`'s transaction commits: left to the transaction when it awaits such writes
 * (transactionAwaitingWrites), awaited here otherwise (another kind of transaction, or none). A write left to a
 * transaction that fails first still runs to its end; its failure, if any, is then nobody's to report.
 */
export async function writeBeforeCommit(em: EntityManager | undefined, write: Promise<unknown>): Promise<void> {
  const writes = em ? pending.get(em) : undefined;
  if (!writes) {
    await write;
    return;
  }
  // Handled here so that a write the transaction no longer awaits (its work threw first) is no unhandled rejection;
  // the transaction awaits the write itself, and sees its failure.
  write.catch(() => undefined);
  writes.push(write);
}
