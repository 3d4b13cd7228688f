import { type BeforeApplicationShutdown, Injectable, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { consumerSubscription, type EventBus, type EventHandler, OutboxRelay, platformEvents, type Subscription } from '@platform/events';

/** A service's reaction to other services' events: a consumer group, its topics, a handler per event type. */
export interface EventConsumer {
  readonly group: string;
  readonly topics: string[];
  readonly handlers: Record<string, EventHandler>;
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
          consumerSubscription({ bus, dataSource, registry: platformEvents, group: consumer.group, topics: consumer.topics, handlers: consumer.handlers }),
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
