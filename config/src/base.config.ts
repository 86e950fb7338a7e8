import { z } from 'zod';
import { APP_PORTS, appPortVariable, type AppName } from './app-name';
import { env } from './env-fields';
import type { Env } from './load-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What `npm start` gives an app when DATABASE_URL is not set: the embedded
 * PostgreSQL it starts in .data/postgres (user, password and database
 * `childalert`, port 5433 so it never collides with a machine's 5432).
 */
export const EMBEDDED_DATABASE_URL = 'postgres://childalert:childalert@127.0.0.1:5433/childalert';
export const DEFAULT_KAFKA_BROKERS = ['127.0.0.1:9092'];

const hostPort = (item: string) =>
  /^(\[[0-9a-fA-F:]+\]|[^\s:[\]]+):\d{1,5}$/.test(item) ? undefined : 'expected host:port';

/** Settings every app shares; an app's schema extends these. */
export const baseConfigShape = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'], 'development'),
  LOG_LEVEL: env.oneOf(LOG_LEVELS, 'info'),
  KAFKA_BROKERS: env.list({ default: DEFAULT_KAFKA_BROKERS, item: hostPort }),
  /** Prefixes every topic name, so several environments can share a cluster. */
  TOPIC_PREFIX: env.optionalString(''),
  /** Partitions of a topic the system creates; the ceiling of consumer parallelism. */
  KAFKA_PARTITIONS: env.int({ default: 6, min: 1, max: 1000 }),
  DATABASE_URL: env.url({ default: EMBEDDED_DATABASE_URL, protocols: ['postgres', 'postgresql'] }),
  DATABASE_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
  /** Interface the HTTP server binds; loopback unless deliberately exposed. */
  HOST: env.string('127.0.0.1'),
  /** Admits loopback and plain-http endpoints users register: tests and local demos only. */
  ALLOW_PRIVATE_ENDPOINTS: env.boolean(false),
};

type Merged<Shape extends z.ZodRawShape> = Omit<typeof baseConfigShape, keyof Shape> & Shape;

/** The typed configuration of an app whose own settings are `Shape`. */
export type AppConfig<Shape extends z.ZodRawShape = Record<never, never>> = z.output<
  z.ZodObject<Merged<Shape>>
> & { APP: AppName; PORT: number };

/** What every app's configuration has, whatever else it adds. */
export type BaseConfig = AppConfig;

export type AppConfigSchema<Shape extends z.ZodRawShape = Record<never, never>> = z.ZodType<
  AppConfig<Shape>,
  Env
>;

/**
 * The schema of one app: the shared settings, the app's own `shape` (which
 * may also override a shared default), and its HTTP port: `PORT` if set, else
 * `<APP>_PORT` (e.g. ALERT_API_PORT, so one environment can set every app's
 * port), else the app's default from APP_PORTS.
 */
export function appConfigSchema<Shape extends z.ZodRawShape = Record<never, never>>(
  app: AppName,
  shape?: Shape,
): AppConfigSchema<Shape> {
  const appPort = appPortVariable(app);
  const schema = z
    .object({
      ...baseConfigShape,
      ...shape,
      PORT: env.port().optional(),
      [appPort]: env.port().optional(),
    })
    .transform((parsed) => {
      const { PORT, [appPort]: specific, ...rest } = parsed as Record<string, unknown>;
      const port = (PORT ?? specific ?? APP_PORTS[app]) as number;
      return { ...rest, APP: app, PORT: port };
    });
  // The computed port key defeats zod's inference; the declared type above is the contract.
  return schema as unknown as AppConfigSchema<Shape>;
}
