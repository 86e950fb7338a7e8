import { ALL_TOPICS, Topic } from '@childalert/contracts';
import { TopicNames } from './topic-names';

describe(TopicNames.name, () => {
  it('prefixes wire names and dead-letter names', () => {
    const sut = new TopicNames({ topicPrefix: 'staging.' });
    expect(sut.wire(Topic.DispatchEmail)).toBe('staging.dispatch.email.v1');
    expect(sut.deadLetterWire(Topic.DispatchEmail)).toBe('staging.dispatch.email.dlq.v1');
  });

  it('prefixes the consumer group', () => {
    expect(new TopicNames({ topicPrefix: 'staging.' }).group('email-worker')).toBe('staging.email-worker');
    expect(new TopicNames({}).group('email-worker')).toBe('email-worker');
  });

  it('maps a wire name back to its topic', () => {
    const sut = new TopicNames({ topicPrefix: 'a.' });
    expect(sut.topicOf('a.alerts.lifecycle.v1')).toBe(Topic.AlertsLifecycle);
    expect(() => sut.topicOf('b.alerts.lifecycle.v1')).toThrow("'b.alerts.lifecycle.v1' is not a topic");
  });

  it('gives dispatch topics 6 partitions and others 3 by default', () => {
    const sut = new TopicNames({});
    expect(sut.partitionsOf(Topic.DispatchWebpush)).toBe(6);
    expect(sut.partitionsOf(Topic.DeliveryReceipts)).toBe(3);
  });

  it('takes per-topic counts first, then the configured default', () => {
    const sut = new TopicNames({ partitions: { [Topic.DispatchEmail]: 12 }, defaultPartitions: 2 });
    expect(sut.partitionsOf(Topic.DispatchEmail)).toBe(12);
    expect(sut.partitionsOf(Topic.DispatchMobile)).toBe(2);
  });

  it('lists every topic and its dead-letter topic', () => {
    const sut = new TopicNames({ defaultPartitions: 1 });
    expect(sut.all()).toHaveLength(ALL_TOPICS.length * 2);
    expect(sut.all()).toContainEqual({ name: 'partners.inbound.dlq.v1', partitions: 1 });
  });

  it('rejects a partition count that is not a positive integer', () => {
    const sut = new TopicNames({ defaultPartitions: 0 });
    expect(() => sut.partitionsOf(Topic.AlertsLifecycle)).toThrow('must be a positive integer');
  });
});
