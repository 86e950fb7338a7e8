import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-client.factory';
import type { MessagingLogger } from './messaging.logger';

describe(kafkaLogCreator.name, () => {
  const logger = (): jest.Mocked<MessagingLogger> => ({
    error: jest.fn(),
    warn: jest.fn(),
    info: jest.fn(),
    debug: jest.fn(),
  });

  it('passes each entry to the logger method of its level, with the namespace and extra fields', () => {
    const target = logger();
    const sut = kafkaLogCreator(target)(logLevel.INFO);

    sut({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { timestamp: '2026-01-01T00:00:00.000Z', message: 'rebalancing', groupId: 'g' },
    });

    expect(target.warn).toHaveBeenCalledWith({ kafka: 'Consumer', groupId: 'g' }, 'rebalancing');
    expect(target.error).not.toHaveBeenCalled();
  });

  it.each([
    [logLevel.ERROR, 'error'],
    [logLevel.INFO, 'info'],
    [logLevel.DEBUG, 'debug'],
  ] as const)('maps level %s to %s', (level, method) => {
    const target = logger();
    kafkaLogCreator(target)(logLevel.DEBUG)({
      namespace: 'x',
      level,
      label: '',
      log: { timestamp: '', message: 'm' },
    });
    expect(target[method]).toHaveBeenCalledWith({ kafka: 'x' }, 'm');
  });
});
