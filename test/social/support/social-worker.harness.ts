import type { INestApplication } from '@nestjs/common';
import { socialWorkerConfigSchema } from '../../../apps/social-worker/src/social-worker.config';
import { SocialWorkerModule } from '../../../apps/social-worker/src/social-worker.module';
import { AppProcess } from '../../support/app-process';
import { deliveryWorkerEnv, PUBLIC_BASE_URL, startWorkerModule } from '../../support/delivery-worker';
import type { ReceiverAccount } from './x-api-receiver';

export { PUBLIC_BASE_URL };
export const HASHTAGS = '#AmberAlert #116000 #ChildAlertTest';

const verbose = (): boolean => Boolean(process.env.SOCIAL_TEST_LOG);

/** `count` NGO accounts alternating el/en (x:el, x:en, x:el2, x:en2, …), each with its own OAuth 1.0a token. */
export function testAccounts(count: number): ReceiverAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const language = i % 2 === 0 ? 'el' : 'en';
    const n = Math.floor(i / 2);
    const key = n === 0 ? `x:${language}` : `x:${language}${n + 1}`;
    return {
      key,
      userId: String(1_000_000 + i),
      username: `childalert_${language}${n}`,
      appKey: 'test-app-key',
      appSecret: 'test-app-secret-0123456789',
      accessToken: `${1_000_000 + i}-token-${i}`,
      accessSecret: `access-secret-${i}-abcdef`,
    };
  });
}

/** The dispatch recipients of the accounts. */
export function recipientsOf(accounts: readonly ReceiverAccount[]): { id: string; language: string }[] {
  return accounts.map((a) => ({ id: a.key, language: a.key.startsWith('x:el') ? 'el' : 'en' }));
}

/** The worker's environment for a test: the loopback X API trusted, accounts and credentials from config. */
export function workerEnv(options: {
  databaseUrl: string;
  topicPrefix: string;
  caFile: string;
  xApiBaseUrl: string;
  accounts: readonly ReceiverAccount[];
  overrides?: Record<string, string>;
}): Record<string, string> {
  const recipients = recipientsOf(options.accounts);
  return {
    ...deliveryWorkerEnv({ ...options, verbose: verbose() }),
    SOCIAL_ACCOUNTS: JSON.stringify(recipients.map((r) => ({ key: r.id, language: r.language }))),
    SOCIAL_X_CREDENTIALS: JSON.stringify(
      Object.fromEntries(
        options.accounts.map((a) => [
          a.key,
          {
            appKey: a.appKey,
            appSecret: a.appSecret,
            accessToken: a.accessToken,
            accessSecret: a.accessSecret,
          },
        ]),
      ),
    ),
    SOCIAL_HASHTAGS: HASHTAGS,
    SOCIAL_X_API_BASE_URL: options.xApiBaseUrl,
    SOCIAL_X_CA_FILE: options.caFile,
    SOCIAL_X_TIMEOUT_MS: '5000',
    DELIVERY_CONCURRENCY: '8',
    DELIVERY_BATCH_BUDGET_MS: '4000',
    DELIVERY_LEASE_MS: '6000',
    ...options.overrides,
  };
}

/** The social worker in this process: the same module and consumer wiring as its main.ts. */
export function startWorkerInProcess(env: Record<string, string>): Promise<INestApplication> {
  return startWorkerModule(socialWorkerConfigSchema, (config) => SocialWorkerModule.forRoot(config), env, {
    verbose: verbose(),
  });
}

/** The social worker's real main.ts in a child process, so that a test can kill -9 it. */
export class WorkerProcess extends AppProcess {
  constructor(env: Record<string, string>) {
    super('social-worker', env, { echo: verbose() });
  }
}
