// Topics are created by the lib (the broker does not auto-create them), with
// partition counts from config, idempotently and safely when processes race.
import { ALL_TOPICS, Topic, deadLetterTopicOf } from '@childalert/contracts';
import { MessagingHealth, TopicAdmin, type MessagingOptions } from '@childalert/messaging';
import { Test } from '@nestjs/testing';
import { MessagingModule } from '@childalert/messaging';
import { RawKafka, testOptions, uniquePrefix } from './messaging-test.kit';

jest.setTimeout(60_000);

describe(TopicAdmin.name, () => {
  const raw = new RawKafka();
  const admins: TopicAdmin[] = [];
  const adminFor = (options: MessagingOptions) => {
    const sut = new TopicAdmin(options);
    admins.push(sut);
    return sut;
  };

  afterEach(async () => {
    for (const admin of admins.splice(0)) await admin.disconnect();
  });

  afterAll(async () => {
    await raw.close();
  });

  it('creates every topic and its dead-letter topic with the configured partition counts', async () => {
    const prefix = uniquePrefix('admin');
    const sut = adminFor(
      testOptions(prefix, { defaultPartitions: 1, partitions: { [Topic.DispatchEmail]: 4 } }),
    );

    await sut.ensureTopics();

    const names = ALL_TOPICS.flatMap((t) => [`${prefix}${t}`, `${prefix}${deadLetterTopicOf(t)}`]);
    const counts = await raw.partitionCounts(names);
    expect(Object.keys(counts).sort()).toEqual([...names].sort());
    expect(counts[`${prefix}dispatch.email.v1`]).toBe(4);
    expect(counts[`${prefix}dispatch.email.dlq.v1`]).toBe(4);
    expect(counts[`${prefix}alerts.lifecycle.v1`]).toBe(1);
  });

  it('is safe when two processes create the same topics at once, and again later', async () => {
    const prefix = uniquePrefix('race');
    const options = testOptions(prefix);

    await Promise.all([adminFor(options).ensureTopics(), adminFor(options).ensureTopics()]);
    await adminFor(options).ensureTopics();

    const counts = await raw.partitionCounts([
      `${prefix}dispatch.webpush.v1`,
      `${prefix}partners.inbound.dlq.v1`,
    ]);
    expect(counts).toEqual({ [`${prefix}dispatch.webpush.v1`]: 2, [`${prefix}partners.inbound.dlq.v1`]: 2 });
  });

  it('adds partitions when the configuration asks for more', async () => {
    const prefix = uniquePrefix('grow');
    await adminFor(testOptions(prefix, { defaultPartitions: 1 })).ensureTopics();

    await adminFor(
      testOptions(prefix, { defaultPartitions: 1, partitions: { [Topic.DispatchSocial]: 3 } }),
    ).ensureTopics();

    const counts = await raw.partitionCounts([
      `${prefix}dispatch.social.v1`,
      `${prefix}dispatch.social.dlq.v1`,
    ]);
    expect(counts).toEqual({ [`${prefix}dispatch.social.v1`]: 3, [`${prefix}dispatch.social.dlq.v1`]: 3 });
  });
});

describe(MessagingHealth.name, () => {
  it('reports not ready, naming why, when no broker answers', async () => {
    const options = testOptions(uniquePrefix('health'), {
      brokers: ['127.0.0.1:1'],
      connectionTimeoutMs: 200,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot(options)],
    }).compile();
    const sut = moduleRef.get(MessagingHealth);

    const result = await sut.check();

    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^Kafka unreachable: /);
    await moduleRef.close();
  });
});
