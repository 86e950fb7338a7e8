import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { EmailSendError, type EmailMessage, SmtpEmailTransport } from '@childalert/email';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

const message = (to: string): EmailMessage => ({
  from: 'Child Alert <alerts@example.org>',
  to,
  subject: 'Test',
  text: 'Plain text',
  html: '<p>HTML</p>',
  headers: {
    'List-Unsubscribe': '<https://alerts.example.org/v1/subscriptions/email/unsubscribe?token=t>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failureOf(work: Promise<unknown>): Promise<EmailSendError['failure']> {
  try {
    await work;
  } catch (error) {
    if (error instanceof EmailSendError) return error.failure;
    throw error;
  }
  throw new Error('expected the send to fail');
}

describe(`${SmtpEmailTransport.name} (e2e)`, () => {
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });

  afterAll(async () => {
    await smtp?.close();
  });

  beforeEach(() => {
    smtp.received.length = 0;
    smtp.refuseRecipients(undefined);
  });

  it('sends through a pool, DKIM-signing the List-Unsubscribe fields', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const sut = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      maxConnections: 3,
      dkim: {
        domainName: 'example.org',
        keySelector: 'alerts',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => sut.send(message(`person${i}@example.org`))),
      );
      expect(results.map((result) => result.accepted)).toEqual(
        Array.from({ length: 30 }, (_, i) => [`person${i}@example.org`]),
      );
      expect(results.every((result) => result.rejected.length === 0 && /^<.+>$/.test(result.messageId))).toBe(
        true,
      );
      expect(smtp.received).toHaveLength(30);
      const signature = smtp.received[0].header('dkim-signature')!;
      expect(signature).toContain('d=example.org');
      expect(signature).toContain('s=alerts');
      const signed = /(?:^|;)h=([^;]+)/.exec(signature.replace(/\s+/g, ''))![1].toLowerCase().split(':');
      expect(signed).toEqual(
        expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
      );
    } finally {
      await sut.close();
    }
  });

  it('reports a refused recipient as permanent and a dead address; a deferral as transient', async () => {
    const sut = new SmtpEmailTransport({ host: '127.0.0.1', port: smtp.port, secure: false });
    try {
      smtp.refuseRecipients({ code: 550, message: '5.1.1 No such user' });
      expect(await failureOf(sut.send(message('gone@example.org')))).toMatchObject({
        kind: 'permanent',
        recipientRejected: true,
        responseCode: 550,
        command: 'RCPT TO',
      });
      smtp.refuseRecipients({ code: 452, message: '4.2.2 Mailbox full' });
      expect(await failureOf(sut.send(message('full@example.org')))).toMatchObject({
        kind: 'transient',
        recipientRejected: false,
        responseCode: 452,
      });
      smtp.refuseRecipients(undefined);
      expect((await sut.send(message('back@example.org'))).accepted).toEqual(['back@example.org']);
    } finally {
      await sut.close();
    }
  });

  it('reports an unreachable relay as transient', async () => {
    const sut = new SmtpEmailTransport({
      host: '127.0.0.1',
      port: await closedPort(),
      secure: false,
      pooled: false,
    });
    try {
      expect(await failureOf(sut.send(message('a@example.org')))).toMatchObject({
        kind: 'transient',
        recipientRejected: false,
      });
    } finally {
      await sut.close();
    }
  });
});
