import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A loopback SMTP relay that demands a login (AUTH PLAIN/LOGIN on plain
 * loopback, as a relay on a private network may) and checks the credentials,
 * so a test can give an app an SMTP password and know it was really used.
 */
export class AuthenticatedRelay {
  port = 0;
  /** Logins accepted and refused, by user name. */
  readonly logins: { user: string; accepted: boolean }[] = [];
  /** Each message accepted: its recipients, subject and text. */
  readonly delivered: { to: string[]; subject: string; text: string }[] = [];
  private server: SMTPServer | undefined;

  constructor(private readonly credentials: { user: string; password: string }) {}

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      disableReverseLookup: true,
      onAuth: (auth, _session, callback) => {
        const accepted =
          auth.username === this.credentials.user && auth.password === this.credentials.password;
        this.logins.push({ user: auth.username ?? '', accepted });
        if (!accepted) return callback(new Error('535 5.7.8 Authentication credentials invalid'));
        callback(null, { user: auth.username });
      },
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(stream).then(
          (parsed) => {
            this.delivered.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
