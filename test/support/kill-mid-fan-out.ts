import type { Pool } from 'pg';
import { DeliveryLedger, type VersionKey } from '@childalert/delivery';
import type { AppProcess } from './app-process';
import type { Arrivals } from './arrivals';
import { recipientsInDoubt, untilLedgerDelivered } from './fan-out';

export interface KillOutcome {
  /** Recipients the dead worker left in doubt: claimed, maybe sent, not recorded. */
  inDoubt: Set<string>;
  /**
   * Asserts the rest of the contract: only recipients left in doubt got a
   * second copy (`resent`: those the fake saw more than once), nothing else
   * was sent, and the ledger holds everyone as delivered.
   */
  expectResentOnlyInDoubt(resent: { id: string }[]): Promise<void>;
}

/**
 * The kill -9 test of a channel worker: a worker process is killed the
 * moment a third of `count` recipients reached the loopback fake; a second
 * one on the same settings finishes the fan-out and is stopped once
 * `reachedAll` holds and the ledger holds `count` delivered.
 */
export async function killMidFanOut<T>(options: {
  /** A worker process on the test's settings, not started; pushed to `workers` for the caller to stop. */
  newWorker: () => AppProcess;
  workers: AppProcess[];
  /** What reached the loopback fake (SMTP relay, push service). */
  arrivals: Arrivals<T>;
  /** Dispatches the whole fan-out. */
  send: () => Promise<void>;
  reachedAll: (items: readonly T[]) => boolean;
  count: number;
  pool: Pool;
  key: VersionKey;
}): Promise<KillOutcome> {
  const { arrivals, count, pool, key } = options;
  const started = async (): Promise<AppProcess> => {
    const worker = options.newWorker();
    options.workers.push(worker);
    await worker.startReady();
    return worker;
  };

  const first = await started();
  let killed: Promise<void> | undefined;
  arrivals.onArrival(() => {
    if (killed === undefined && arrivals.items.length >= count / 3) killed = first.kill9();
  });
  await options.send();
  await arrivals.waitFor(() => killed !== undefined, 'kill');
  await killed;
  const atKill = arrivals.items.length;
  expect(atKill).toBeLessThan(count);
  const inDoubt = await recipientsInDoubt(pool, key.alertId);

  const second = await started();
  await arrivals.waitFor(options.reachedAll, `all ${count} recipients`, 90_000);
  const ledger = new DeliveryLedger(pool);
  await untilLedgerDelivered(ledger, key, count);
  await second.stop();

  return {
    inDoubt,
    async expectResentOnlyInDoubt(resent) {
      process.stdout.write(
        `${key.channel}: kill -9 after ${atKill} of ${count} messages: ${inDoubt.size} ledger rows in doubt, ` +
          `${resent.length} recipients got the same message twice\n`,
      );
      expect(resent.filter((r) => !inDoubt.has(r.id))).toEqual([]);
      expect(arrivals.items.length).toBe(count + resent.length);
      expect(await ledger.statusCounts(key)).toEqual({
        pending: 0,
        sending: 0,
        delivered: count,
        failed: 0,
        skipped: 0,
      });
    },
  };
}
