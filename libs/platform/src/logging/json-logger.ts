import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { currentCorrelationId } from '../correlation';

export type JsonLogLevel = Level | 'silent';

export interface JsonLoggerOptions {
  /** The app's name, on every line. */
  app: string;
  level?: JsonLogLevel;
  /** Where lines go; stdout by default (tests pass a capturing stream). */
  destination?: DestinationStream;
}

/**
 * Nest's logger as JSON lines through pino: `time`, `level`, `app`,
 * `correlationId` (from the async context, when there is one), `context`
 * (the Nest Logger's class name) and `msg`. Code logs through Nest's `Logger`;
 * `app.useLogger`/`NestFactory.create({ logger })` route it here.
 */
export class JsonLogger implements LoggerService {
  /** The underlying pino logger, for code outside Nest (child loggers, flush). */
  readonly pino: Logger;

  constructor(options: JsonLoggerOptions) {
    this.pino = pino(
      {
        level: options.level ?? 'info',
        base: { app: options.app },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const correlationId = currentCorrelationId();
          return correlationId === undefined ? {} : { correlationId };
        },
      },
      // Synchronous: a line written before a crash is a line on disk.
      options.destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /**
   * Nest's calling convention: `(message, ...params, context?)`, and for
   * error `(message, stack?, context?)`; the Nest `Logger` appends its
   * context as the last string.
   */
  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const params = [...optionalParams];
    const fields: Record<string, unknown> = {};
    const last = params.at(-1);
    if (typeof last === 'string' && !(params.length === 1 && isStack(last))) {
      fields.context = last;
      params.pop();
    }
    const extra: unknown[] = [];
    for (const param of params) {
      if (param === undefined) continue;
      if (typeof param === 'string' && isStack(param)) fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (isRecord(param)) Object.assign(fields, param);
      else extra.push(param);
    }
    if (extra.length > 0) fields.params = extra;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (isRecord(message)) {
      const { msg, message: text, ...rest } = message;
      this.pino[level]({ ...fields, ...rest }, stringOf(msg ?? text ?? ''));
    } else {
      this.pino[level](fields, stringOf(message));
    }
  }
}

function isStack(value: string): boolean {
  return /\n\s+at /.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
