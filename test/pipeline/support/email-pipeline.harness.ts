// The whole e-mail path of a child alert, each app started in this process
// with its real module and configuration schema, all on one database and one
// topic prefix on the real broker:
//   alert-api (HTTP, outbox relay, receipts → progress)
//   → alerts.lifecycle.v1 → dispatcher → dispatch.email.v1
//   → email-worker → a loopback SMTP relay, and delivery.receipts.v1 → alert-api.
import type { INestApplication } from '@nestjs/common';
import { KafkaBatchServer, startKafkaConsumers } from '@childalert/messaging';
import {
  type AlertApiTestApp,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import {
  PUBLIC_BASE_URL,
  SIGNING_SECRET,
  startWorkerInProcess,
  workerEnv,
} from '../../email/support/email-worker.harness';
import { uniquePrefix } from '../../messaging/messaging-test.kit';
import { type ChannelProgress, pollChannelProgress, startDispatcher } from '../../support/pipeline';
import { SmtpInbox } from './smtp-inbox';

export { PUBLIC_BASE_URL };

export interface EmailPipeline {
  api: AlertApiTestApp;
  staff: Staff;
  inbox: SmtpInbox;
  prefix: string;
  /** GET /v1/alerts/{id}/deliveries as the operator, polled until `until` holds for the e-mail channel. */
  emailProgress: (alertId: string, until: (email: ChannelProgress) => boolean) => Promise<ChannelProgress>;
  /**
   * One more e-mail worker, with the same settings and so in the same consumer
   * group; resolves once it has joined and every worker of the pipeline is in
   * the group (the partitions are shared out). Closed with the pipeline unless
   * closed before.
   */
  addEmailWorker: () => Promise<EmailWorker>;
  close: () => Promise<void>;
}

export interface EmailWorker {
  app: INestApplication;
  /** Leaves the group (the others take its partitions); safe to call more than once. */
  close: () => Promise<void>;
}

export type { ChannelProgress, DeliveryCounts } from '../../support/pipeline';

export interface PipelineOptions {
  /** Recipients per dispatch batch. */
  dispatchBatchSize: number;
  /** Settings of the e-mail worker beyond the test defaults of test/email. */
  worker?: Record<string, string>;
}

export async function startEmailPipeline(options: PipelineOptions): Promise<EmailPipeline> {
  const prefix = uniquePrefix('pipeline');
  const inbox = await new SmtpInbox().start();
  const closers: (() => Promise<unknown>)[] = [() => inbox.stop()];
  const close = async () => {
    // Consumers first (they write to the database), alert-api last: it drops the database.
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({
      TOPIC_PREFIX: prefix,
      PUBLIC_BASE_URL,
      SUBSCRIPTION_SIGNING_SECRET: SIGNING_SECRET,
      // Confirmation e-mails of the subscription API go to the same relay.
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(inbox.port),
      MAIL_FROM: 'Child Alert <alerts@childalert.example>',
    });
    closers.push(() => api.close());
    // Its receipts consumer, as main.ts starts it.
    await startKafkaConsumers(api.app);

    const dispatcher = await startDispatcher(api.database.url, prefix, {
      DISPATCH_BATCH_SIZE: String(options.dispatchBatchSize),
    });
    closers.push(() => dispatcher.close());
    const env = workerEnv({
      databaseUrl: api.database.url,
      topicPrefix: prefix,
      smtpPort: inbox.port,
      overrides: options.worker,
    });
    const workers: EmailWorker[] = [];
    const addEmailWorker = async (): Promise<EmailWorker> => {
      const worker = emailWorkerOf(await startWorkerInProcess(env), workers);
      closers.push(() => worker.close());
      workers.push(worker);
      expectAllInGroup(workers);
      return worker;
    };
    await addEmailWorker();

    const staff = await loginStaff(api);
    return {
      api,
      staff,
      inbox,
      prefix,
      emailProgress: (alertId, until) => pollChannelProgress(api, staff.operator, alertId, 'email', until),
      addEmailWorker,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function emailWorkerOf(app: INestApplication, workers: EmailWorker[]): EmailWorker {
  let closing: Promise<void> | undefined;
  const worker: EmailWorker = {
    app,
    close: () => {
      closing ??= (async () => {
        const at = workers.indexOf(worker);
        if (at >= 0) workers.splice(at, 1);
        await app.close();
      })();
      return closing;
    },
  };
  return worker;
}

/**
 * A worker's start resolves after its consumer's first join and sync (kafkajs
 * `run`), and the broker completes a join only once every live member has
 * joined again: so once the newest worker is in, all are, each with its share.
 * Their consumers say so too.
 */
function expectAllInGroup(workers: readonly EmailWorker[]): void {
  for (const [i, worker] of workers.entries()) {
    const health = worker.app.get(KafkaBatchServer).health();
    if (!health.ok) {
      throw new Error(`e-mail worker ${i + 1} of ${workers.length} is not in its group: ${health.detail}`);
    }
  }
}
