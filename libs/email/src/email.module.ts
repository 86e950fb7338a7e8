import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EMAIL_TRANSPORT, type EmailTransport } from './email-transport';
import type { SmtpEmailOptions } from './smtp-email.options';
import { SmtpEmailTransport } from './smtp-email.transport';

/** Closes the pool when the app shuts down, after messages in flight. */
@Injectable()
class EmailTransportCloser implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

/**
 * Provides `EMAIL_TRANSPORT` (global): SMTP from options, or any
 * EmailTransport given as `transport` (tests, other drivers).
 */
@Module({})
export class EmailModule {
  static forRoot(options: SmtpEmailOptions | { transport: EmailTransport }): DynamicModule {
    return {
      module: EmailModule,
      global: true,
      providers: [
        {
          provide: EMAIL_TRANSPORT,
          useFactory: (): EmailTransport =>
            'transport' in options ? options.transport : new SmtpEmailTransport(options),
        },
        EmailTransportCloser,
      ],
      exports: [EMAIL_TRANSPORT],
    };
  }
}
