import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Says when and why the app stops, and that it finished: a hang shows between the two lines. */
@Injectable()
export class ShutdownLogger implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private started = 0;

  beforeApplicationShutdown(signal?: string): void {
    this.started = Date.now();
    this.logger.log(`stopping${signal ? ` on ${signal}` : ''}`);
  }

  onApplicationShutdown(): void {
    this.logger.log(`stopped in ${Date.now() - this.started} ms`);
  }
}
