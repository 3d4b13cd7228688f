import { type BeforeApplicationShutdown, Injectable, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { consumerSubscription, type EventBus, type HandlerBinding, OutboxRelay, platformEvents, type Subscription, subscriptionOf } from '@platform/events';

/**
 * A service's reaction to other services' events: a consumer group and one
 * `on(contract, handler)` binding per event it handles; the topics follow
 * from the contracts.
 */
export interface EventConsumer {
  readonly group: string;
  readonly bindings: HandlerBinding[];
}

/** Runs the outbox relay and the consumers of one service; stops them before the database closes. */
@Injectable()
export class EventsRuntime implements BeforeApplicationShutdown {
  private bus?: EventBus;
  private relay?: OutboxRelay;
  private readonly subscriptions: Subscription[] = [];

  async start(bus: EventBus, dataSource: DataSource, consumers: EventConsumer[]): Promise<void> {
    this.bus = bus;
    this.relay = new OutboxRelay(dataSource, bus);
    await this.relay.start();
    for (const consumer of consumers) {
      this.subscriptions.push(
        await bus.subscribe(
          consumerSubscription({
            bus,
            dataSource,
            registry: platformEvents,
            group: consumer.group,
            ...subscriptionOf(consumer.bindings),
          }),
        ),
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
    await this.relay?.stop();
    await this.bus?.close();
  }
}

export type EventConsumerType = Type<EventConsumer>;
