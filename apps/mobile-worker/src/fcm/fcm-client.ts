import { randomUUID } from 'node:crypto';
import { type App, cert, deleteApp, initializeApp } from 'firebase-admin/app';
import { getMessaging, type Messaging, type TokenMessage } from 'firebase-admin/messaging';
import type { MobileSettings } from '../mobile.settings';
import { answerOfError, type FcmAnswer } from './fcm-outcome';
import { testReceiverAppOptions } from './fcm-test-receiver';

/** FCM behind one call: sendEach, one answer per message in order. */
export interface FcmClient {
  sendEach(messages: TokenMessage[]): Promise<FcmAnswer[]>;
  close(): Promise<void>;
}

/**
 * The firebase-admin app of this worker (its own named app, so several
 * workers can share a process in tests). In production: the service
 * account, HTTP/2 to fcm.googleapis.com. Undefined when no credential is
 * configured (development only: the config schema requires one in
 * production).
 */
export function createFcmClient(settings: MobileSettings): FcmClient | undefined {
  const { credential } = settings;
  if (credential.kind === 'none') return undefined;
  const options =
    credential.kind === 'test-receiver'
      ? testReceiverAppOptions(credential)
      : { credential: cert(credential.serviceAccount) };
  const app = initializeApp({ ...options, projectId: settings.projectId }, `mobile-worker-${randomUUID()}`);
  const messaging = getMessaging(app);
  // The loopback receiver is reached through the agent, which only HTTP/1.1 uses.
  if (credential.kind === 'test-receiver') messaging.enableLegacyHttpTransport();
  return new FirebaseFcmClient(app, messaging);
}

class FirebaseFcmClient implements FcmClient {
  constructor(
    private readonly app: App,
    private readonly messaging: Messaging,
  ) {}

  async sendEach(messages: TokenMessage[]): Promise<FcmAnswer[]> {
    try {
      const response = await this.messaging.sendEach(messages);
      return response.responses.map((r) => (r.success ? { success: true } : answerOfError(r.error)));
    } catch (error) {
      // The whole call failed (the HTTP/2 session, or validation before any request).
      const answer = answerOfError(error);
      return messages.map(() => answer);
    }
  }

  async close(): Promise<void> {
    const agent = this.app.options.httpAgent;
    await deleteApp(this.app);
    agent?.destroy();
  }
}
