import { PeriodicRound } from './periodic-round';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { messageOf } from '@childalert/platform';
import { Clock } from '../common/clock';
import { SYSTEM_COMMAND_ACTOR } from './alert-actor';
import { AlertCommandService, AlertExpiryError } from './alert-commands.service';
import { ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';

/** Alerts ended per round at most, so one round never holds the timer for long. */
const MAX_PER_ROUND = 100;

/**
 * Ends ACTIVE alerts past their expiry, through the domain's `expire`
 * transition (a closure version, a CAP Update, an outbox event), one alert
 * per transaction. Every alert-api instance runs it: the row lock with SKIP
 * LOCKED lets them share the work and never end one alert twice.
 */
@Injectable()
export class ExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiryJob.name);
  private readonly rounds = new PeriodicRound('expiry', () => this.expireDue(), this.logger);

  constructor(
    private readonly commands: AlertCommandService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.settings.expiryIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  /** Ends every alert due now; returns how many. Rounds never overlap within a process. */
  runOnce(): Promise<number> {
    return this.rounds.runOnce();
  }

  private async expireDue(): Promise<number> {
    const failed: string[] = [];
    let ended = 0;
    while (ended + failed.length < MAX_PER_ROUND) {
      const now = this.clock.now();
      try {
        const id = await this.commands.expireNext(SYSTEM_COMMAND_ACTOR, now, failed);
        if (id === undefined) break;
        ended += 1;
        this.logger.log(`alert ${id} expired`);
      } catch (error) {
        // One alert that cannot end (its CAP refused…) must not keep the others live.
        if (!(error instanceof AlertExpiryError)) throw error;
        this.logger.error(messageOf(error));
        failed.push(error.alertId);
      }
    }
    return ended;
  }
}
