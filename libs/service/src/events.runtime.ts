import { type BeforeApplicationShutdown, Injectable, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  consumerSubscription,
  type EventBus,
  type HandlerBinding,
  OutboxRelay,
  platformEvents,
  type SubscribeOptions,
  type Subscription,
  subscriptionOf,
} from '@platform/events';

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
      const options = consumerSubscription({ bus, dataSource, registry: platformEvents, group: consumer.group, ...subscriptionOf(consumer.bindings) });
      this.subscriptions.push(await subscribeWithin(bus, options, consumer.group));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
    await this.relay?.stop();
    await this.bus?.close();
  }
}

export type EventConsumerType = Type<EventConsumer>;

/**
 * Subscribes, trying again for up to a minute: a broker that has just
 * restarted answers for a few seconds that it does not host a partition
 * (its leaders and group coordinator are still loading), and a service that
 * starts then should wait for it rather than exit.
 */
async function subscribeWithin(bus: EventBus, options: SubscribeOptions, group: string, withinMs = 60_000): Promise<Subscription> {
  const until = Date.now() + withinMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await bus.subscribe(options);
    } catch (error) {
      if (Date.now() >= until) throw error;
      console.warn(`events: ${group} could not subscribe (attempt ${attempt}, trying again): ${error instanceof Error ? error.message : String(error)}`);
      await sleep(Math.min(500 * attempt, 5_000));
    }
  }
}
