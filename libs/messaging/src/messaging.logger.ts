import { currentCorrelationId } from '@childalert/platform';

export type MessagingLogLevel = 'error' | 'warn' | 'info' | 'debug';

type LogFn = (fields: Record<string, unknown>, message: string) => void;

/**
 * The runtime's logging port. The argument order is pino's, so an app can pass
 * its pino logger (or a child of it) as is.
 */
export interface MessagingLogger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

const SEVERITY: Record<MessagingLogLevel, number> = { error: 50, warn: 40, info: 30, debug: 20 };

/**
 * The default logger: one JSON line per entry on stderr, in pino's shape
 * (numeric level, time, msg), carrying the correlation id of the work in hand.
 */
export class JsonStderrLogger implements MessagingLogger {
  constructor(
    private readonly minLevel: MessagingLogLevel = 'info',
    private readonly base: Record<string, unknown> = { lib: 'messaging' },
  ) {}

  readonly error: LogFn = (fields, message) => this.write('error', fields, message);
  readonly warn: LogFn = (fields, message) => this.write('warn', fields, message);
  readonly info: LogFn = (fields, message) => this.write('info', fields, message);
  readonly debug: LogFn = (fields, message) => this.write('debug', fields, message);

  private write(level: MessagingLogLevel, fields: Record<string, unknown>, message: string): void {
    if (SEVERITY[level] < SEVERITY[this.minLevel]) return;
    const correlationId = currentCorrelationId();
    const line = {
      level: SEVERITY[level],
      time: Date.now(),
      ...this.base,
      ...(correlationId === undefined ? {} : { correlationId }),
      ...fields,
      msg: message,
    };
    process.stderr.write(`${safeStringify(line)}\n`);
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : typeof v === 'bigint' ? v.toString() : v,
    );
  } catch {
    return JSON.stringify({ msg: 'unserialisable log entry' });
  }
}

/** The message of anything thrown, for logs and dead-letter reasons. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    if (typeof message === 'string') return message;
  }
  return typeof error === 'string' ? error : safeStringify(error);
}
