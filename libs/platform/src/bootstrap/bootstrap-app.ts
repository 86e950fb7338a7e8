import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { type AppName, type BaseConfig, ConfigError, type Env, loadConfig } from '@childalert/config';
import type { z } from 'zod';
import { JsonLogger } from '../logging/json-logger';

export interface BootstrapOptions<C extends BaseConfig> {
  name: AppName;
  /** The app's configuration schema (apps/<app>/src/<app>.config.ts). */
  config: z.ZodType<C, Env>;
  /** Builds the root module from the validated configuration. */
  module: (config: C) => DynamicModule | Type<unknown>;
  /** Defaults to process.env. */
  env?: Env;
  /** Where log lines go; stdout by default. */
  logDestination?: DestinationStream;
  /** Runs after the app is created and before it listens: e.g. connecting its Kafka consumers. */
  beforeListen?: (app: NestExpressApplication, config: C) => Promise<void>;
}

/**
 * The whole of an app's main.ts: validates configuration (every bad variable
 * named, exit 1), creates the Nest app with the JSON logger, enables shutdown
 * hooks (SIGTERM/SIGINT close the app gracefully), listens on HOST:PORT.
 * A failure to start is logged as one fatal line and exits with code 1.
 */
export async function bootstrapApp<C extends BaseConfig>(
  options: BootstrapOptions<C>,
): Promise<NestExpressApplication> {
  const destination = options.logDestination;
  let logger = new JsonLogger({ app: options.name, destination });
  let app: NestExpressApplication | undefined;
  try {
    const config = loadConfig(options.config, options.env);
    logger = new JsonLogger({ app: options.name, level: config.LOG_LEVEL, destination });
    app = await NestFactory.create<NestExpressApplication>(options.module(config), {
      logger,
      // Throw instead of process.abort(), so the failure is logged as one fatal line and exits 1.
      abortOnError: false,
    });
    app.disable('x-powered-by');
    app.enableShutdownHooks();
    await options.beforeListen?.(app, config);
    await app.listen(config.PORT, config.HOST);
    logger.log(`${options.name} listening on ${urlOf(config.HOST, config.PORT)}`, 'Bootstrap');
    return app;
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal({ msg: error.message, issues: error.issues }, 'Bootstrap');
    } else {
      logger.fatal(error instanceof Error ? error : String(error), 'Bootstrap');
    }
    await app?.close().catch(() => undefined);
    return process.exit(1);
  }
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
