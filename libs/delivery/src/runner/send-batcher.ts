import type { ChannelAdapter, SendItem, SendOutcome } from '../adapter/channel-adapter';
import type { SendGate } from './send-gate';

interface Waiting {
  item: SendItem<unknown, unknown>;
  resolve: (outcome: SendOutcome) => void;
}

/** How long ready sends wait for company before a sendMany call leaves. */
const LINGER_MS = 2;

/**
 * One send attempt through the adapter: `send` per item, or `sendMany` with
 * the items that became ready together (up to its limit), each call holding
 * one slot of the gate. A throw is a transient failure of the recipient.
 */
export class SendBatcher {
  private readonly limit: number;
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapter: ChannelAdapter,
    private readonly gate: SendGate,
  ) {
    this.limit = adapter.sendManyLimit ?? 100;
  }

  async send(item: SendItem<unknown, unknown>): Promise<SendOutcome> {
    if (this.adapter.sendMany === undefined) {
      const release = await this.gate.acquire();
      try {
        return await this.adapter.send(item.recipient, item.content, item.context);
      } catch (error) {
        return { kind: 'transient', reason: `adapter threw: ${messageOf(error)}` };
      } finally {
        release();
      }
    }
    return new Promise<SendOutcome>((resolve) => {
      this.queue.push({ item, resolve });
      if (this.queue.length >= this.limit) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.limit);
      void this.sendGroup(group);
    }
  }

  private async sendGroup(group: Waiting[]): Promise<void> {
    const release = await this.gate.acquire();
    let outcomes: SendOutcome[];
    try {
      outcomes = await this.adapter.sendMany!(group.map((w) => w.item));
      if (outcomes.length !== group.length) {
        throw new Error(`sendMany answered ${outcomes.length} outcomes for ${group.length} items`);
      }
    } catch (error) {
      outcomes = group.map(() => ({ kind: 'transient', reason: `adapter threw: ${messageOf(error)}` }));
    } finally {
      release();
    }
    group.forEach((waiting, index) => waiting.resolve(outcomes[index]));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
