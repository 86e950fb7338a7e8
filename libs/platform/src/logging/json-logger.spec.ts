import { Logger } from '@nestjs/common';
import { withCorrelationId } from '../correlation';
import { JsonLogger, type JsonLogLevel } from './json-logger';

function capture(level: JsonLogLevel = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const sut = new JsonLogger({
    app: 'dispatcher',
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { sut, lines };
}

describe(JsonLogger.name, () => {
  it('writes one JSON line with app, level, time, context and msg', () => {
    const { sut, lines } = capture();

    sut.log('batch sent', 'DispatchConsumer');

    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        app: 'dispatcher',
        context: 'DispatchConsumer',
        msg: 'batch sent',
      },
    ]);
  });

  it('adds the correlation id of the async context', () => {
    const { sut, lines } = capture();

    withCorrelationId('corr-7', () => sut.warn('slow'));

    expect(lines[0]).toMatchObject({ level: 'warn', correlationId: 'corr-7', msg: 'slow' });
  });

  it('leaves correlationId out outside any context', () => {
    const { sut, lines } = capture();

    sut.log('boot');

    expect(lines[0]).not.toHaveProperty('correlationId');
  });

  it('maps every Nest level', () => {
    const { sut, lines } = capture();

    sut.error('e');
    sut.warn('w');
    sut.log('l');
    sut.debug('d');
    sut.verbose('v');
    sut.fatal('f');

    expect(lines.map((line) => line.level)).toEqual(['error', 'warn', 'info', 'debug', 'trace', 'fatal']);
  });

  it('drops lines below its level', () => {
    const { sut, lines } = capture('warn');

    sut.log('quiet');
    sut.debug('quieter');
    sut.error('loud');

    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });

  it("takes the stack and context of Nest's error(message, stack, context)", () => {
    const { sut, lines } = capture();
    const stack = 'Error: boom\n    at somewhere (file.ts:1:1)';

    sut.error('boom', stack, 'ExceptionsHandler');

    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack, context: 'ExceptionsHandler' });
  });

  it('serialises an Error message with its stack', () => {
    const { sut, lines } = capture();

    sut.error(new TypeError('bad input'), 'Bootstrap');

    expect(lines[0]).toMatchObject({
      msg: 'bad input',
      context: 'Bootstrap',
      err: {
        type: 'TypeError',
        message: 'bad input',
        stack: expect.stringContaining('TypeError: bad input'),
      },
    });
  });

  it('spreads an object message into fields', () => {
    const { sut, lines } = capture();

    sut.log({ msg: 'GET /x 200', status: 200, ms: 1.5 }, 'Http');

    expect(lines[0]).toMatchObject({ msg: 'GET /x 200', status: 200, ms: 1.5, context: 'Http' });
  });

  it("receives the Nest Logger's lines once it is the app logger", () => {
    const { sut, lines } = capture();
    Logger.overrideLogger(sut);
    try {
      new Logger('Relay').log('relayed 3 events');
    } finally {
      Logger.overrideLogger(false);
    }

    expect(lines[0]).toMatchObject({ level: 'info', context: 'Relay', msg: 'relayed 3 events' });
  });
});
