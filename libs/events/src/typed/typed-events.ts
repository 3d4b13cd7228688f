import type { EntityManager } from 'typeorm';
import type { EventEnvelope, NewEvent } from '../envelope';
import { type EventContract, EventContractError, type EventData } from '../contracts/registry';
import type { EventHandler } from '../inbox/inbox';

/** What an event needs besides its contract and data. */
export interface EventOptions {
  /** Defaults to now. */
  time?: Date;
  /** The event that caused this one: its id becomes the causation id, its correlation id is inherited. */
  causation?: Pick<EventEnvelope, 'id' | 'correlationId'>;
  /** Starts (or joins) a flow when there is no causing event. */
  correlationId?: string;
}

/**
 * A new event of one contract: the type and version come from the contract
 * and the data must match its schema's type, so no call site spells them out.
 */
export function eventOf<C extends EventContract>(contract: C, subject: string, data: EventData<C>, options: EventOptions = {}): NewEvent<EventData<C>> {
  return { type: contract.type, version: contract.version, subject, data, ...options };
}

/** A received event whose data has the contract's type (the registry validated it on receipt). */
export type ReceivedEvent<C extends EventContract> = EventEnvelope<EventData<C>>;

/** Handles one contract's events inside the inbox transaction. */
export type ContractHandler<C extends EventContract> = (data: EventData<C>, event: ReceivedEvent<C>, manager: EntityManager) => Promise<void>;

/** One contract and its handler, made by `on`. */
export interface HandlerBinding {
  contract: EventContract;
  handler: (data: unknown, event: EventEnvelope, manager: EntityManager) => Promise<void>;
}

/** Binds a handler to a contract; its parameter types come from the contract. */
export function on<C extends EventContract>(contract: C, handler: ContractHandler<C>): HandlerBinding {
  return { contract, handler: handler as HandlerBinding['handler'] };
}

/**
 * The handler table a consumer subscribes with, from `on(...)` bindings.
 * Events are dispatched by type and version: a version no binding handles is
 * refused (and dead-lettered) rather than read with the wrong schema.
 */
export function eventHandlers(...bindings: HandlerBinding[]): Record<string, EventHandler> {
  const byType = new Map<string, Map<number, HandlerBinding['handler']>>();
  for (const { contract, handler } of bindings) {
    const versions = byType.get(contract.type) ?? new Map<number, HandlerBinding['handler']>();
    if (versions.has(contract.version)) throw new Error(`${contract.type} v${contract.version} has two handlers`);
    versions.set(contract.version, handler);
    byType.set(contract.type, versions);
  }
  const table: Record<string, EventHandler> = {};
  for (const [type, versions] of byType) {
    table[type] = async (event, manager) => {
      const handler = versions.get(event.version);
      if (!handler)
        throw new EventContractError('UNSUPPORTED_VERSION', `${type} v${event.version} has no handler here (handled: ${[...versions.keys()].join(', ')})`);
      return handler(event.data, event, manager);
    };
  }
  return table;
}

/** The topics a set of bindings listens to, each once. */
export function topicsOf(...contracts: EventContract[]): string[] {
  return [...new Set(contracts.map((c) => c.topic))];
}

/** The topics and the handler table that a consumer's bindings subscribe with. */
export function subscriptionOf(bindings: HandlerBinding[]): { topics: string[]; handlers: Record<string, EventHandler> } {
  return { topics: topicsOf(...bindings.map((b) => b.contract)), handlers: eventHandlers(...bindings) };
}
