// A relay process for the crash test, run with `node --import tsx`: drains
// the outbox in small batches and, once the broker has acknowledged a batch
// and just before the rows are marked published, prints `acked <ids>` and
// pauses a moment, so the parent can kill -9 it exactly in that window.
// Built by hand (no Nest DI: tsx emits no decorator metadata).
import { MessageProducer, TopicAdmin, type MessagingOptions, JsonStderrLogger } from '@childalert/messaging';
import { OUTBOX_DEFAULTS, OutboxRelay } from '@childalert/outbox';
import { Pool, type QueryConfig } from 'pg';

const options: MessagingOptions = {
  clientId: 'outbox-crash-child',
  brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  topicPrefix: process.env.TOPIC_PREFIX ?? '',
  defaultPartitions: 2,
  kafkaLogLevel: 'nothing',
  logger: new JsonStderrLogger('error'),
};

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const query = pool.query.bind(pool) as (text: string | QueryConfig, values?: unknown[]) => Promise<unknown>;
// The window under test: published and acknowledged, not yet marked.
(pool as unknown as { query: typeof query }).query = async (text, values) => {
  if (typeof text === 'string' && text.startsWith('update outbox set published_at')) {
    process.stdout.write(`acked ${JSON.stringify(values?.[0])}\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return query(text, values);
};

const admin = new TopicAdmin(options);
const producer = new MessageProducer(options, admin);
const relay = new OutboxRelay(pool, producer, { ...OUTBOX_DEFAULTS, relay: false, batchSize: 5 });

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  for (;;) {
    const published = await relay.drainOnce();
    if (published === 0) {
      process.stdout.write('drained\n');
      break;
    }
  }
  await producer.onApplicationShutdown();
  await admin.disconnect();
  await pool.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`relay child failed: ${String(error)}\n`);
  process.exit(1);
});
