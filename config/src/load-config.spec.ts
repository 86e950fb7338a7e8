import { z } from 'zod';
import { ConfigError } from './config.error';
import { env } from './env-fields';
import { loadConfig } from './load-config';

describe(loadConfig.name, () => {
  const sut = z.object({
    KAFKA_BROKERS: env.list(),
    PORT: env.port(3000),
    LOG_LEVEL: env.oneOf(['info', 'debug'], 'info'),
    ENABLED: env.boolean(false),
    DATABASE_URL: env.url({ protocols: ['postgres'] }),
  });

  it('returns typed values with defaults filled in', () => {
    const config = loadConfig(sut, {
      KAFKA_BROKERS: ' a:1 , b:2,',
      DATABASE_URL: 'postgres://x@h/db',
      ENABLED: 'TRUE',
    });

    expect(config).toEqual({
      KAFKA_BROKERS: ['a:1', 'b:2'],
      PORT: 3000,
      LOG_LEVEL: 'info',
      ENABLED: true,
      DATABASE_URL: 'postgres://x@h/db',
    });
  });

  it('names every bad variable and why, in one error', () => {
    const failure = () =>
      loadConfig(sut, { PORT: 'eighty', LOG_LEVEL: 'loud', ENABLED: 'maybe', DATABASE_URL: 'mysql://h/db' });

    expect(failure).toThrow(ConfigError);
    expect(failure).toThrow(
      [
        'Invalid configuration:',
        '  KAFKA_BROKERS: required, but not set',
        '  PORT: expected an integer, got "eighty"',
        '  LOG_LEVEL: expected one of info|debug, got "loud"',
        '  ENABLED: expected true or false, got "maybe"',
        '  DATABASE_URL: expected a postgres URL, got mysql:',
      ].join('\n'),
    );
  });

  it('lists the issues for programs to read', () => {
    let error: unknown;
    try {
      loadConfig(sut, { KAFKA_BROKERS: 'a:1', PORT: '70000', DATABASE_URL: 'nonsense' });
    } catch (caught) {
      error = caught;
    }

    expect((error as ConfigError).issues).toEqual([
      { variable: 'PORT', message: 'expected 1..65535, got 70000' },
      { variable: 'DATABASE_URL', message: 'expected a URL' },
    ]);
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig(sut, { KAFKA_BROKERS: 'a:1', PORT: '', DATABASE_URL: 'postgres://h/db' });

    expect(config.PORT).toBe(3000);
  });

  it('reads process.env when no environment is given', () => {
    const schema = z.object({ CHILDALERT_SPEC_VALUE: env.int() });
    process.env.CHILDALERT_SPEC_VALUE = '42';
    try {
      expect(loadConfig(schema)).toEqual({ CHILDALERT_SPEC_VALUE: 42 });
    } finally {
      delete process.env.CHILDALERT_SPEC_VALUE;
    }
  });
});
