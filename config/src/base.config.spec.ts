import { APP_NAMES, APP_PORTS } from './app-name';
import { appConfigSchema, DEFAULT_KAFKA_BROKERS, EMBEDDED_DATABASE_URL } from './base.config';
import { env } from './env-fields';
import { loadConfig } from './load-config';

describe(appConfigSchema.name, () => {
  it('runs on one machine with no setting at all', () => {
    const sut = appConfigSchema('dispatcher');

    expect(loadConfig(sut, {})).toEqual({
      APP: 'dispatcher',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: DEFAULT_KAFKA_BROKERS,
      TOPIC_PREFIX: '',
      KAFKA_PARTITIONS: 6,
      DATABASE_URL: EMBEDDED_DATABASE_URL,
      DATABASE_POOL_SIZE: 10,
      HOST: '127.0.0.1',
      ALLOW_PRIVATE_ENDPOINTS: false,
      PORT: 3001,
    });
  });

  it.each(APP_NAMES.map((app) => [app, APP_PORTS[app]] as const))(
    'gives %s its default port %d',
    (app, port) => {
      expect(loadConfig(appConfigSchema(app), {}).PORT).toBe(port);
    },
  );

  it('takes the app port from <APP>_PORT, ignoring other apps', () => {
    const sut = appConfigSchema('alert-api');

    expect(loadConfig(sut, { ALERT_API_PORT: '4000', DISPATCHER_PORT: '4001' }).PORT).toBe(4000);
  });

  it('lets PORT override <APP>_PORT', () => {
    const sut = appConfigSchema('email-worker');

    expect(loadConfig(sut, { PORT: '8080', EMAIL_WORKER_PORT: '4002' }).PORT).toBe(8080);
  });

  it('names the app port variable that is wrong', () => {
    const sut = appConfigSchema('webpush-worker');

    expect(() => loadConfig(sut, { WEBPUSH_WORKER_PORT: 'x', KAFKA_BROKERS: 'nohost' })).toThrow(
      [
        'Invalid configuration:',
        '  KAFKA_BROKERS: "nohost": expected host:port',
        '  WEBPUSH_WORKER_PORT: expected an integer, got "x"',
      ].join('\n'),
    );
  });

  it("adds the app's own settings and may override a shared default", () => {
    const sut = appConfigSchema('social-worker', {
      SOCIAL_ENABLED: env.boolean(false),
      DATABASE_POOL_SIZE: env.int({ default: 2, min: 1 }),
    });

    const config = loadConfig(sut, { SOCIAL_ENABLED: 'true', KAFKA_BROKERS: 'k1:9092,[::1]:9093' });

    expect(config.SOCIAL_ENABLED).toBe(true);
    expect(config.DATABASE_POOL_SIZE).toBe(2);
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', '[::1]:9093']);
  });

  it('rejects an unknown NODE_ENV', () => {
    expect(() => loadConfig(appConfigSchema('partner-worker'), { NODE_ENV: 'staging' })).toThrow(
      'NODE_ENV: expected one of development|test|production, got "staging"',
    );
  });
});
