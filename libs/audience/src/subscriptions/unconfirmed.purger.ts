import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { messageOf } from '@childalert/platform';
import { SubscriptionsRepository } from '../repository/subscriptions.repository';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Forgets e-mail addresses whose confirmation link expired unused, hourly:
 * an address nobody confirmed is personal data with no purpose. Every
 * alert-api instance runs it; the DELETE is idempotent.
 */
@Injectable()
export class UnconfirmedPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UnconfirmedPurger.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(now = new Date()): Promise<number> {
    try {
      const removed = await this.subscriptions.purgeExpiredUnconfirmed(now);
      if (removed > 0)
        this.logger.log(`forgot ${removed} unconfirmed e-mail subscriptions past their link's expiry`);
      return removed;
    } catch (error) {
      this.logger.warn(`purge of unconfirmed e-mail subscriptions failed: ${messageOf(error)}`);
      return 0;
    }
  }
}
