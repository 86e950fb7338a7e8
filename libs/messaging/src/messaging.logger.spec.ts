import { withCorrelationId } from '@childalert/platform';
import { errorMessage, JsonStderrLogger } from './messaging.logger';

describe(JsonStderrLogger.name, () => {
  let written: string[];

  beforeEach(() => {
    written = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('writes one JSON line in pino shape with the correlation id of the work in hand', () => {
    const sut = new JsonStderrLogger('info');

    withCorrelationId('corr-7', () => sut.warn({ topic: 't' }, 'paused'));

    expect(written).toHaveLength(1);
    expect(written[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(written[0])).toEqual({
      level: 40,
      time: expect.any(Number),
      lib: 'messaging',
      correlationId: 'corr-7',
      topic: 't',
      msg: 'paused',
    });
  });

  it('drops entries below its level', () => {
    const sut = new JsonStderrLogger('warn');
    sut.info({}, 'quiet');
    sut.debug({}, 'quieter');
    expect(written).toEqual([]);
  });

  it('writes errors as their name and message', () => {
    const sut = new JsonStderrLogger('info');
    sut.error({ error: new TypeError('bad') }, 'failed');
    expect(JSON.parse(written[0]).error).toEqual({ name: 'TypeError', message: 'bad' });
  });
});

describe(errorMessage.name, () => {
  it('takes the message of an error, of an object with a message, or the string itself', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage({ status: 'error', message: 'Internal server error' })).toBe('Internal server error');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ code: 7 })).toBe('{"code":7}');
  });
});
