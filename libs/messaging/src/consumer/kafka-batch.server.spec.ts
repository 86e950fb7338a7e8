import { Topic } from '@childalert/contracts';
import type { MessageHandler } from '@nestjs/microservices';
import { JsonStderrLogger } from '../messaging.logger';
import { KafkaBatchServer } from './kafka-batch.server';

/** Checks that happen before any connection to Kafka. */
describe(KafkaBatchServer.name, () => {
  const options = {
    clientId: 'spec',
    brokers: ['127.0.0.1:1'],
    groupId: 'spec',
    logger: new JsonStderrLogger('error'),
  };
  const handler = (): MessageHandler => () => Promise.resolve(undefined);
  const listen = (sut: KafkaBatchServer) => new Promise<unknown>((resolve) => sut.listen(resolve));

  it('refuses a handler on a pattern that is not a topic of the contracts', async () => {
    const sut = new KafkaBatchServer(options);
    sut.addHandler('alerts.lifecycle', handler(), true);

    const error = await listen(sut);

    expect(error).toEqual(
      new Error("messaging: handler pattern 'alerts.lifecycle' is not a Topic of libs/contracts"),
    );
  });

  it('refuses request-response handlers', async () => {
    const sut = new KafkaBatchServer(options);
    sut.addHandler(Topic.DeliveryReceipts, handler(), false);

    const error = await listen(sut);

    expect(error).toEqual(
      new Error(
        'messaging: delivery.receipts.v1 has a @MessagePattern handler; Kafka topics take @EventPattern handlers',
      ),
    );
  });

  it('refuses batch and single-message handlers on one topic', async () => {
    const sut = new KafkaBatchServer(options);
    sut.addHandler(Topic.DispatchEmail, handler(), true, { batch: true });
    sut.addHandler(Topic.DispatchEmail, handler(), true);

    const error = await listen(sut);

    expect(error).toEqual(
      new Error('messaging: dispatch.email.v1 has both batch and single-message handlers'),
    );
  });

  it('starts nothing and reports healthy when there are no handlers', async () => {
    const sut = new KafkaBatchServer(options);

    expect(await listen(sut)).toBeUndefined();
    expect(sut.health()).toEqual({ ok: true, detail: 'no consumer' });
    await sut.close();
  });
});
