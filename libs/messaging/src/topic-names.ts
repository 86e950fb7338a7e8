import { ALL_TOPICS, Topic, deadLetterTopicOf } from '@childalert/contracts';
import type { MessagingOptions } from './messaging.options';

export interface TopicSpec {
  /** The name on the wire, prefix included. */
  name: string;
  partitions: number;
}

const DISPATCH_PARTITIONS = 6;
const OTHER_PARTITIONS = 3;

/**
 * Maps the contracts' topic names (and the app's group id) to the names on
 * the wire. A deployment's prefix is added here and nowhere else.
 */
export class TopicNames {
  private readonly prefix: string;
  private readonly byWireName: Map<string, Topic>;

  constructor(
    private readonly options: Pick<MessagingOptions, 'topicPrefix' | 'partitions' | 'defaultPartitions'>,
  ) {
    this.prefix = options.topicPrefix ?? '';
    this.byWireName = new Map(ALL_TOPICS.map((topic) => [this.wire(topic), topic]));
  }

  wire(topic: Topic): string {
    return `${this.prefix}${topic}`;
  }

  /** Consumer groups are per deployment too: two deployments on one broker must not share a group. */
  group(groupId: string): string {
    return `${this.prefix}${groupId}`;
  }

  deadLetterWire(topic: Topic): string {
    return `${this.prefix}${deadLetterTopicOf(topic)}`;
  }

  /** The topic a wire name stands for; throws on a name this deployment does not use. */
  topicOf(wireName: string): Topic {
    const topic = this.byWireName.get(wireName);
    if (topic === undefined) throw new Error(`messaging: '${wireName}' is not a topic of this deployment`);
    return topic;
  }

  partitionsOf(topic: Topic): number {
    const count =
      this.options.partitions?.[topic] ??
      this.options.defaultPartitions ??
      (topic.startsWith('dispatch.') ? DISPATCH_PARTITIONS : OTHER_PARTITIONS);
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`messaging: partition count of ${topic} must be a positive integer, got ${count}`);
    }
    return count;
  }

  /** Every topic with its dead-letter topic; a dead-letter topic has as many partitions as its source. */
  all(): TopicSpec[] {
    return ALL_TOPICS.flatMap((topic) => [
      { name: this.wire(topic), partitions: this.partitionsOf(topic) },
      { name: this.deadLetterWire(topic), partitions: this.partitionsOf(topic) },
    ]);
  }
}
