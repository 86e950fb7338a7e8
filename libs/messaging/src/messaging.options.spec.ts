import { assertMessagingOptions, resolveConsumerOptions } from './messaging.options';

describe(assertMessagingOptions.name, () => {
  const valid = { clientId: 'email-worker', brokers: ['127.0.0.1:9092', '[::1]:9093'] };

  it('accepts host:port brokers', () => {
    expect(() => assertMessagingOptions(valid)).not.toThrow();
  });

  it('names the broker that is not host:port', () => {
    expect(() => assertMessagingOptions({ ...valid, brokers: ['kafka'] })).toThrow(
      "messaging: broker 'kafka' is not host:port",
    );
  });

  it('requires a broker and a client id', () => {
    expect(() => assertMessagingOptions({ ...valid, brokers: [] })).toThrow('at least one broker');
    expect(() => assertMessagingOptions({ ...valid, clientId: '' })).toThrow('clientId is required');
  });
});

describe(resolveConsumerOptions.name, () => {
  it('fills every default', () => {
    expect(resolveConsumerOptions()).toEqual({
      maxInFlight: 100,
      maxBatchSize: 50,
      partitionsConsumedConcurrently: 3,
      maxAttempts: 5,
      backoff: { initialMs: 500, maxMs: 30_000, multiplier: 2, jitter: 0.2 },
      shutdownTimeoutMs: 10_000,
      commitIntervalMs: 1_000,
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 60_000,
      heartbeatIntervalMs: 3_000,
      maxWaitTimeMs: 1_000,
      fromBeginning: true,
    });
  });

  it('names a count that is not a positive integer', () => {
    expect(() => resolveConsumerOptions({ maxAttempts: 0 })).toThrow(
      'messaging: consumer.maxAttempts must be a positive integer, got 0',
    );
  });

  it('requires heartbeats more often than the session timeout', () => {
    expect(() => resolveConsumerOptions({ sessionTimeoutMs: 6_000, heartbeatIntervalMs: 6_000 })).toThrow(
      'heartbeatIntervalMs must be lower',
    );
  });
});
