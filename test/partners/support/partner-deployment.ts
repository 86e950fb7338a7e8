// One complete deployment of a country in this process: alert-api (listening
// on loopback, its own database), dispatcher, partner-worker and e-mail
// worker, all on one topic prefix of the shared broker. Two of them make the
// cross-border tests.
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@childalert/config';
import { startKafkaConsumers } from '@childalert/messaging';
import { dispatcherConfigSchema } from '../../../apps/dispatcher/src/dispatcher.config';
import { DispatcherModule } from '../../../apps/dispatcher/src/dispatcher.module';
import { partnerWorkerConfigSchema } from '../../../apps/partner-worker/src/partner-worker.config';
import { PartnerWorkerModule } from '../../../apps/partner-worker/src/partner-worker.module';
import {
  type AlertApiTestApp,
  kafkaBrokers,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import { SIGNING_SECRET, startWorkerInProcess, workerEnv } from '../../email/support/email-worker.harness';
import { uniquePrefix } from '../../messaging/messaging-test.kit';
import { SmtpInbox } from '../../pipeline/support/smtp-inbox';
import { deliveryWorkerEnv, startWorkerModule } from '../../support/delivery-worker';
import { makeSigningIdentity, type SigningIdentity } from './signing-identity';

export interface Deployment {
  country: string;
  capSender: string;
  api: AlertApiTestApp;
  /** http://127.0.0.1:<port>: where partners reach its API. */
  url: string;
  staff: Staff;
  admin: string;
  identity: SigningIdentity;
  inbox: SmtpInbox;
  prefix: string;
  /** Starts (again) its partner-worker, with the keys partners gave it. */
  startPartnerWorker: (
    outboundKeys: Record<string, string>,
    overrides?: Record<string, string>,
  ) => Promise<INestApplication>;
  stopPartnerWorker: () => Promise<void>;
  close: () => Promise<void>;
}

/** `apiEnv`: extra alert-api settings (e.g. RETENTION_DAYS). */
export async function startDeployment(
  country: string,
  apiEnv: Record<string, string> = {},
): Promise<Deployment> {
  const prefix = uniquePrefix(`partners-${country.toLowerCase()}`);
  const capSender = `alerts@amber.${country.toLowerCase()}.test`;
  const identity = makeSigningIdentity(capSender);
  const inbox = await new SmtpInbox().start();
  const closers: (() => Promise<unknown>)[] = [() => Promise.resolve(identity.remove()), () => inbox.stop()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({
      TOPIC_PREFIX: prefix,
      CAP_SENDER: capSender,
      ALLOW_PRIVATE_ENDPOINTS: 'true',
      SUBSCRIPTION_SIGNING_SECRET: SIGNING_SECRET,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(inbox.port),
      MAIL_FROM: `Child Alert ${country} <alerts@childalert.example>`,
      ...apiEnv,
    });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;

    const dispatcher = await NestFactory.create(
      DispatcherModule.forRoot(
        loadConfig(dispatcherConfigSchema, {
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: api.database.url,
          DATABASE_POOL_SIZE: '4',
          KAFKA_BROKERS: kafkaBrokers().join(','),
          TOPIC_PREFIX: prefix,
          KAFKA_PARTITIONS: '2',
        }),
      ),
      { logger: ['error'], abortOnError: false },
    );
    await startKafkaConsumers(dispatcher);
    await dispatcher.init();
    closers.push(() => dispatcher.close());

    const email = await startWorkerInProcess(
      workerEnv({ databaseUrl: api.database.url, topicPrefix: prefix, smtpPort: inbox.port }),
    );
    closers.push(() => email.close());

    let partnerWorker: INestApplication | undefined;
    const stopPartnerWorker = async () => {
      await partnerWorker?.close();
      partnerWorker = undefined;
    };
    closers.push(stopPartnerWorker);
    const startPartnerWorker = async (
      outboundKeys: Record<string, string>,
      overrides: Record<string, string> = {},
    ) => {
      partnerWorker = await startWorkerModule(
        partnerWorkerConfigSchema,
        (config) => PartnerWorkerModule.forRoot(config),
        {
          ...deliveryWorkerEnv({
            databaseUrl: api.database.url,
            topicPrefix: prefix,
            verbose: Boolean(process.env.PARTNER_TEST_LOG),
          }),
          ALLOW_PRIVATE_ENDPOINTS: 'true',
          CAP_SENDER: capSender,
          PARTNER_SIGNING_KEY_FILE: identity.keyFile,
          PARTNER_SIGNING_CERT_FILE: identity.certFile,
          PARTNER_OUTBOUND_API_KEYS: JSON.stringify(outboundKeys),
          DELIVERY_BATCH_BUDGET_MS: '2000',
          DELIVERY_LEASE_MS: '4000',
          ...overrides,
        },
        { verbose: Boolean(process.env.PARTNER_TEST_LOG) },
      );
      return partnerWorker;
    };

    const staff = await loginStaff(api);
    const admin = await api.login('admin');
    return {
      country,
      capSender,
      api,
      url: `http://127.0.0.1:${port}`,
      staff,
      admin,
      identity,
      inbox,
      prefix,
      startPartnerWorker,
      stopPartnerWorker,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls until `probe` answers something, or fails naming `what`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen in ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
