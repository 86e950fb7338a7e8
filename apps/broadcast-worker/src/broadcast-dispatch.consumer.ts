import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topic } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { ConsumeBatch, type ConsumedMessage } from '@childalert/messaging';
import { ParkingLot } from './parking/parking-lot';

/**
 * dispatch.broadcast.v1 → the delivery runtime with the broadcast adapter.
 * What must wait long (a receiver down) goes to the parking lot, so the
 * partition moves on to the next alert; short waits pause the partition as
 * in every channel worker.
 */
@Controller()
export class BroadcastDispatchConsumer {
  constructor(
    private readonly runner: DeliveryRunner,
    private readonly parking: ParkingLot,
  ) {}

  @ConsumeBatch(Topic.DispatchBroadcast)
  async handle(@Payload() messages: ConsumedMessage<Topic.DispatchBroadcast>[]): Promise<void> {
    const batches = messages.map((message) => message.value);
    try {
      await this.runner.deliver(batches);
    } catch (error) {
      if (!this.parking.shouldPark(error)) throw error;
      // Written before the offset commit: nothing is lost if the worker dies now.
      await this.parking.park(batches, error.retryAfterMs);
    }
  }
}
