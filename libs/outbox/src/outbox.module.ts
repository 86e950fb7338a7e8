import { type DynamicModule, Module } from '@nestjs/common';
import { OUTBOX_DEFAULTS, OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

/** The outbox writer, and the relay that publishes it (needs MessagingModule and PersistenceModule). */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxOptions = {}): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { ...OUTBOX_DEFAULTS, ...options } },
        OutboxWriter,
        OutboxRelay,
      ],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
