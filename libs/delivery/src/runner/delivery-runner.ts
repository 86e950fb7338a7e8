import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { DispatchBatch } from '@childalert/contracts';
import { KafkaBatchServer, RetryLaterError } from '@childalert/messaging';
import {
  CHANNEL_ADAPTER,
  type ChannelAdapter,
  type DeliveryRecipient,
  type SendContext,
} from '../adapter/channel-adapter';
import { PUBLISHED_ALERT_SOURCE, type PublishedAlertSource } from '../alerts/published-alert.source';
import { isEndingEvent, type PublishedVersion } from '../alerts/published-version';
import { RecipientDeadLetterPublisher } from '../dead-letters/recipient-dead-letter.publisher';
import { DELIVERY_OPTIONS, type DeliveryOptions } from '../delivery.options';
import { DeliveryLedger } from '../ledger/delivery-ledger';
import { LedgerMarkBuffer } from '../ledger/ledger-mark.buffer';
import type { VersionKey } from '../ledger/ledger.types';
import { ReceiptPublisher } from '../receipts/receipt.publisher';
import { deliveryMetrics } from './delivery.metrics';
import { DeliveryRun, type DeliveryReport } from './delivery-run';
import { retryDelayMs } from './retry-policy';
import { SendBatcher } from './send-batcher';
import { SendGate } from './send-gate';

/** One recipient on its way: claimed in the ledger, contact and content resolved. */
interface WorkItem {
  batch: DispatchBatch;
  recipient: DeliveryRecipient<unknown>;
  content: unknown;
  /** Attempts recorded before this call. */
  attempts: number;
}

const CACHE_SIZE = 256;

/**
 * The delivery runtime every channel worker shares, called from its
 * `@ConsumeBatch(Topic.Dispatch…)` handler with the batches of one
 * partition. For each recipient: the ledger first (done ones are only
 * re-announced, another worker's live claim is waited for), then the alert's
 * state (a content version of an ended alert is skipped), then sends through
 * the channel adapter with bounded concurrency, retrying transient failures
 * with exponential backoff and jitter (Retry-After honoured) within the batch
 * time budget. Beyond the budget the call throws RetryLaterError: the
 * partition pauses and the batch comes again, and the ledger makes that safe.
 * After the last attempt a recipient goes to `dispatch.<channel>.dlq.v1`;
 * a proof of a dead address deletes the subscription. Every outcome is a
 * receipt on delivery.receipts.v1, published before the call returns (so
 * before the batch's offset is committed).
 */
@Injectable()
export class DeliveryRunner implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  /** This process in the ledger's claims. */
  readonly workerId = randomUUID();
  private readonly logger = new Logger(DeliveryRunner.name);
  private readonly metrics = deliveryMetrics();
  private readonly gate: SendGate;
  private readonly sender: SendBatcher;
  private readonly versions = new Map<string, Promise<PublishedVersion>>();
  private readonly contents = new Map<string, Promise<unknown>>();
  private stopping = false;
  private readonly stopWaiters = new Set<() => void>();

  constructor(
    @Inject(CHANNEL_ADAPTER) private readonly adapter: ChannelAdapter,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
    @Inject(PUBLISHED_ALERT_SOURCE) private readonly source: PublishedAlertSource,
    private readonly ledger: DeliveryLedger,
    private readonly receipts: ReceiptPublisher,
    private readonly deadLetters: RecipientDeadLetterPublisher,
    @Optional() private readonly server?: KafkaBatchServer,
  ) {
    this.gate = new SendGate(options.concurrency);
    this.sender = new SendBatcher(adapter, this.gate);
  }

  onModuleInit(): void {
    // The consumer stops before the app's other hooks run: from then on, no new send starts.
    this.server?.on('status', (status) => {
      if (status === 'stopping' || status === 'stopped') this.stop();
    });
  }

  onModuleDestroy(): void {
    this.stop();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /**
   * Delivers dispatch batches of this worker's channel. Resolves when every
   * recipient is delivered, failed (dead-lettered) or skipped and all is
   * recorded; throws RetryLaterError when some must wait, any other error
   * when the work could not be recorded (the messaging runtime retries).
   */
  async deliver(batches: readonly DispatchBatch[]): Promise<DeliveryReport> {
    const marks = new LedgerMarkBuffer(this.ledger, this.workerId, {
      flushMs: this.options.ledgerFlushMs,
      maxRows: this.options.ledgerFlushRows,
    });
    const run = new DeliveryRun(marks, Date.now() + this.options.batchBudgetMs);
    try {
      const prepared = await Promise.all(onceEach(batches).map((batch) => this.prepare(batch, run)));
      await Promise.all(prepared.flat().map((item) => this.attemptUntilSettled(item, run)));
    } finally {
      // Whatever happened, what was sent is recorded before anything else.
      await marks.drain();
    }
    await this.deadLetters.publish(this.adapter.channel, run.deadLetters);
    await this.ledger.record(run.failedMarks, this.workerId);
    await this.removeSubscriptions(run.removals);
    await this.receipts.publish(run.receipts);
    const report = run.report();
    if (report.deferred > 0) {
      throw new RetryLaterError(
        `${report.deferred} recipients of this batch wait (retries, another worker's claim or shutdown)`,
        report.retryAfterMs,
      );
    }
    return report;
  }

  /** The ledger, the alert's state and the recipients' contacts: what is left to send. */
  private async prepare(batch: DispatchBatch, run: DeliveryRun): Promise<WorkItem[]> {
    if (batch.channel !== this.adapter.channel) {
      throw new Error(`a ${batch.channel} batch reached the ${this.adapter.channel} worker`);
    }
    const published = await this.version(batch);
    const key: VersionKey = { channel: batch.channel, alertId: batch.alertId, version: batch.version };
    const recipients = [...new Map(batch.recipients.map((r) => [r.id, r])).values()];
    const entries = await this.ledger.read(
      key,
      recipients.map((r) => r.id),
      this.workerId,
    );
    const candidates: { id: string; language: string }[] = [];
    for (const recipient of recipients) {
      const entry = entries.get(recipient.id);
      switch (entry?.status) {
        // Done before (a replay, or a crash after the ledger and before the receipts): announce again.
        case 'delivered':
        case 'failed':
        case 'skipped':
          run.receipt(batch, recipient.id, entry.status, entry.lastError ?? undefined);
          break;
        case 'sending':
          if (entry.leasedElsewhere) run.defer(entry.leaseRemainingMs);
          else candidates.push(recipient);
          break;
        case 'pending':
        case undefined:
          candidates.push(recipient);
          break;
      }
    }
    if (candidates.length === 0) return [];
    const ending = isEndingEvent(published.eventType);
    const ready = ending ? await this.afterEarlierVersions(key, candidates, run) : candidates;
    if (ready.length === 0) return [];

    const contacts = await this.adapter.resolveRecipients(ready.map((r) => r.id));
    const present = ready.filter((r) => {
      if (contacts.has(r.id)) return true;
      run.receipt(batch, r.id, 'skipped', 'subscription no longer exists');
      return false;
    });
    if (present.length === 0) return [];
    const claim = await this.ledger.claim(key, {
      recipients: present,
      workerId: this.workerId,
      leaseMs: this.options.leaseMs,
      requireOpenAlert: !ending,
    });
    if (claim.alertEnded) {
      for (const r of present)
        run.receipt(batch, r.id, 'skipped', 'the alert ended before this version reached the recipient');
      return [];
    }
    const items: WorkItem[] = [];
    for (const r of present) {
      const attempts = claim.claimed.get(r.id);
      // Claimed by another worker between our read and our claim.
      if (attempts === undefined) {
        run.defer(this.options.backoff.initialMs);
        continue;
      }
      items.push({
        batch,
        recipient: { id: r.id, language: r.language, contact: contacts.get(r.id) },
        content: await this.content(published, r.language),
        attempts,
      });
    }
    return items;
  }

  /**
   * An ending goes to a recipient only once no earlier version of the alert is
   * still being sent to them (by this worker or another, perhaps in retry
   * backoff); the others wait, and their batch comes back.
   */
  private async afterEarlierVersions<R extends { id: string }>(
    key: VersionKey,
    recipients: R[],
    run: DeliveryRun,
  ): Promise<R[]> {
    const inFlight = await this.ledger.earlierVersionsInFlight(
      key,
      recipients.map((r) => r.id),
    );
    return recipients.filter((r) => {
      const remainingMs = inFlight.get(r.id);
      if (remainingMs === undefined) return true;
      run.defer(Math.min(remainingMs, this.options.backoff.initialMs));
      return false;
    });
  }

  /** Sends one recipient until it is delivered, failed, or handed back for later. */
  private async attemptUntilSettled(item: WorkItem, run: DeliveryRun): Promise<void> {
    let attempts = item.attempts;
    let lastReason: string | undefined;
    for (;;) {
      const pause = this.gate.pauseRemainingMs();
      if (this.stopping || Date.now() + pause >= run.deadline) {
        return this.handBack(item, run, attempts, lastReason, pause);
      }
      if (pause > 0) {
        await this.sleep(pause);
        continue;
      }
      const context = this.contextOf(item, attempts + 1);
      const started = process.hrtime.bigint();
      const outcome = await this.sender.send({ recipient: item.recipient, content: item.content, context });
      this.metrics.sendSeconds.observe(
        { channel: this.adapter.channel },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      switch (outcome.kind) {
        case 'delivered':
          this.gate.providerAnswered();
          run.marks.add({ ...this.keyOf(item), status: 'delivered', attempts: attempts + 1 });
          run.receipt(item.batch, item.recipient.id, 'delivered');
          this.metrics.outcomes.inc({ channel: this.adapter.channel, outcome: 'delivered' });
          return;
        case 'permanent':
          this.gate.providerAnswered();
          if (outcome.removeSubscription) run.removals.push(item.recipient.id);
          return this.fail(item, run, attempts + 1, outcome.reason);
        case 'transient': {
          lastReason = outcome.reason;
          if (outcome.scope === 'provider') {
            // Not the recipient's fault: everyone waits, and no attempt is used up.
            this.gate.providerFailed(this.options.backoff, outcome.retryAfterMs);
            continue;
          }
          this.gate.providerAnswered();
          attempts += 1;
          if (attempts >= this.options.maxAttempts) {
            return this.fail(item, run, attempts, `${outcome.reason} (after ${attempts} attempts)`);
          }
          const delay = retryDelayMs(attempts, this.options.backoff, outcome.retryAfterMs);
          if (this.stopping || Date.now() + delay >= run.deadline) {
            return this.handBack(item, run, attempts, lastReason, delay);
          }
          await this.sleep(delay);
        }
      }
    }
  }

  /** Not finished in this call: the ledger row goes back to 'pending' and the batch comes again. */
  private handBack(
    item: WorkItem,
    run: DeliveryRun,
    attempts: number,
    reason: string | undefined,
    delayMs: number,
  ): void {
    run.marks.add({ ...this.keyOf(item), status: 'pending', attempts, lastError: reason });
    if (reason !== undefined) {
      run.receipt(item.batch, item.recipient.id, 'retried', reason);
      this.metrics.outcomes.inc({ channel: this.adapter.channel, outcome: 'retried' });
    }
    run.defer(delayMs);
  }

  private fail(item: WorkItem, run: DeliveryRun, attempts: number, reason: string): void {
    run.deadLetters.push({
      batch: item.batch,
      recipient: { id: item.recipient.id, language: item.recipient.language },
      reason,
      attempts,
    });
    run.failedMarks.push({ ...this.keyOf(item), status: 'failed', attempts, lastError: reason });
    run.receipt(item.batch, item.recipient.id, 'failed', reason);
    this.metrics.outcomes.inc({ channel: this.adapter.channel, outcome: 'failed' });
    this.logger.warn(
      `${this.adapter.channel} recipient ${item.recipient.id} of alert ${item.batch.alertId} v${item.batch.version} failed: ${reason}`,
    );
  }

  private async removeSubscriptions(ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || this.adapter.removeSubscription === undefined) return;
    for (const id of ids) {
      try {
        await this.adapter.removeSubscription(id);
      } catch (error) {
        // The next alert bounces again and tries again: not worth holding the batch.
        this.logger.warn(`could not delete ${this.adapter.channel} subscription ${id}: ${String(error)}`);
      }
    }
  }

  private contextOf(item: WorkItem, attempt: number): SendContext {
    const { batch } = item;
    return {
      channel: batch.channel,
      alertId: batch.alertId,
      version: batch.version,
      eventType: batch.eventType,
      batchId: batch.batchId,
      attempt,
      idempotencyKey: `${batch.channel}:${batch.alertId}:${batch.version}:${item.recipient.id}`,
    };
  }

  private keyOf(item: WorkItem) {
    return {
      channel: item.batch.channel,
      alertId: item.batch.alertId,
      version: item.batch.version,
      recipientId: item.recipient.id,
    };
  }

  private version(batch: DispatchBatch): Promise<PublishedVersion> {
    const key = `${batch.alertId}:${batch.version}`;
    return cached(this.versions, key, async () => {
      const found = await this.source.load(batch.alertId, batch.version, batch.eventType);
      if (found === undefined) throw new Error(`alert ${batch.alertId} has no version ${batch.version}`);
      return found;
    });
  }

  private content(published: PublishedVersion, language: string): Promise<unknown> {
    const key = `${published.alertId}:${published.version}:${language}`;
    return cached(this.contents, key, () => Promise.resolve(this.adapter.prepare(published, language)));
  }

  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const wake of this.stopWaiters) wake();
    this.stopWaiters.clear();
  }

  /** Sleeps, waking early when the worker stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.stopWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stopWaiters.add(wake);
    });
  }
}

/** A small cache of promises: failures are forgotten, the oldest entry leaves first. */
function cached<T>(cache: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit !== undefined) return hit;
  const loading = load();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return loading;
}

/**
 * The batches with each recipient of a version once. A batch can be on the
 * topic twice (a producer's retry, the dispatcher replaying its event) and
 * both copies can come in one call; the ledger lets this worker take its own
 * claims again, so without this both copies would be sent.
 */
function onceEach(batches: readonly DispatchBatch[]): DispatchBatch[] {
  const seen = new Set<string>();
  const result: DispatchBatch[] = [];
  for (const batch of batches) {
    const recipients = batch.recipients.filter((r) => {
      const key = `${batch.alertId}\u0000${batch.version}\u0000${r.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (recipients.length > 0) result.push({ ...batch, recipients });
  }
  return result;
}
