import { EmailSendError } from '@childalert/email';
import { outcomeOf } from './email-channel.adapter';

const smtp = (fields: Record<string, unknown>) =>
  new EmailSendError(Object.assign(new Error('smtp failure'), fields));

describe('EmailChannelAdapter outcomeOf', () => {
  it('makes a 421 and connection trouble the relay’s problem: everyone waits', () => {
    expect(outcomeOf(smtp({ responseCode: 421, command: 'RCPT TO', response: '421 busy' }))).toEqual({
      kind: 'transient',
      reason: '421 RCPT TO 421 busy',
      scope: 'provider',
    });
    expect(outcomeOf(smtp({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }))).toMatchObject({
      kind: 'transient',
      scope: 'provider',
    });
  });

  it('retries a mailbox’s 4xx for that recipient only', () => {
    expect(outcomeOf(smtp({ responseCode: 450, command: 'RCPT TO', response: '450 mailbox busy' }))).toEqual({
      kind: 'transient',
      reason: '450 RCPT TO 450 mailbox busy',
      scope: 'recipient',
    });
  });

  it('fails a 5xx for good and removes the subscription only when the address was refused', () => {
    expect(outcomeOf(smtp({ responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 unknown' }))).toEqual(
      {
        kind: 'permanent',
        reason: '550 RCPT TO 550 5.1.1 unknown',
        removeSubscription: true,
      },
    );
    expect(outcomeOf(smtp({ responseCode: 552, command: 'DATA', response: '552 too big' }))).toEqual({
      kind: 'permanent',
      reason: '552 DATA 552 too big',
      removeSubscription: false,
    });
  });
});
