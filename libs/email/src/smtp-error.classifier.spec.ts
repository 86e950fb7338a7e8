import { classifySmtpError, describeSmtpError, EmailSendError } from './smtp-error.classifier';

const smtpError = (fields: Record<string, unknown>): Error =>
  Object.assign(new Error('smtp failure'), fields);

describe('classifySmtpError', () => {
  it.each<[string, Record<string, unknown>, 'transient' | 'permanent', boolean]>([
    ['421 service closing', { code: 'EENVELOPE', responseCode: 421, command: 'RCPT TO' }, 'transient', false],
    ['450 mailbox busy', { code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO' }, 'transient', false],
    [
      '452 too many recipients',
      { code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' },
      'transient',
      false,
    ],
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'permanent', true],
    [
      '553 mailbox name not allowed',
      { code: 'EENVELOPE', responseCode: 553, command: 'RCPT TO' },
      'permanent',
      true,
    ],
    [
      '550 5.1.1 after DATA',
      {
        code: 'EMESSAGE',
        responseCode: 550,
        command: 'DATA',
        response: '550 5.1.1 <x@example.org>: user unknown',
      },
      'permanent',
      true,
    ],
    ['552 message too large', { code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'permanent', false],
    [
      '550 on MAIL FROM (our sender)',
      { code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM' },
      'permanent',
      false,
    ],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503, command: 'DATA' }, 'transient', false],
    [
      '535 authentication failed',
      { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' },
      'transient',
      false,
    ],
    ['connection refused', { code: 'ESOCKET', command: 'CONN' }, 'transient', false],
    ['connection closed', { code: 'ECONNECTION' }, 'transient', false],
    ['timeout', { code: 'ETIMEDOUT' }, 'transient', false],
    [
      'an address no envelope can hold',
      { code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "a b"' },
      'permanent',
      true,
    ],
    ['a broken message', { code: 'EMESSAGE', command: 'API' }, 'permanent', false],
    ['anything else', {}, 'transient', false],
  ])('%s', (_name, fields, kind, recipientRejected) => {
    const error = smtpError(fields);
    expect(classifySmtpError(error)).toBe(kind);
    expect(describeSmtpError(error).recipientRejected).toBe(recipientRejected);
  });

  it('reads an EmailSendError as the failure it carries', () => {
    const sut = new EmailSendError(
      smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 no' }),
    );
    expect(sut.kind).toBe('permanent');
    expect(classifySmtpError(sut)).toBe('permanent');
    expect(describeSmtpError(sut)).toEqual({
      kind: 'permanent',
      recipientRejected: true,
      responseCode: 550,
      code: 'EENVELOPE',
      command: 'RCPT TO',
      reason: '550 no',
    });
    expect(sut.message).toBe('e-mail not sent (permanent): 550 no');
  });

  it('classifies a thrown string', () => {
    expect(classifySmtpError('boom')).toBe('transient');
  });
});
