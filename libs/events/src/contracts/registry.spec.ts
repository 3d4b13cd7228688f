import { z } from 'zod';
import { createEnvelope } from '../envelope';
import { defineEvent, EventContractError, EventRegistry } from './registry';

const orderPlacedV1 = defineEvent({
  type: 'shop.order.placed',
  version: 1,
  topic: 'shop.order',
  producer: 'shop',
  consumers: [],
  description: 'test',
  data: z.object({ orderId: z.string(), total: z.string().regex(/^\d+\.\d{2}$/) }),
});
const registry = new EventRegistry([orderPlacedV1]);
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof EventContractError ? err.reason : `not a contract error: ${err}`;
  }
  return 'accepted';
};

describe('EventRegistry', () => {
  const event = createEnvelope('shop', { type: 'shop.order.placed', version: 1, subject: 'o1', data: { orderId: 'o1', total: '10.00' } });

  it('accepts a valid event and finds its topic', () => {
    expect(registry.validate(event)).toEqual(event);
    expect(registry.parse(JSON.stringify(event)).id).toBe(event.id);
    expect(registry.topicOf('shop.order.placed')).toBe('shop.order');
  });

  it('says why an event is refused', () => {
    expect(reasonOf(() => registry.parse('{not json'))).toBe('MALFORMED');
    expect(reasonOf(() => registry.validate({ ...event, time: 'yesterday' }))).toBe('MALFORMED');
    expect(reasonOf(() => registry.validate({ ...event, type: 'shop.order.shipped' }))).toBe('UNKNOWN_TYPE');
    expect(reasonOf(() => registry.validate({ ...event, data: { orderId: 'o1', total: 10 } }))).toBe('INVALID_DATA');
  });

  it('refuses a newer version than it knows with a clear message, not a crash', () => {
    expect(reasonOf(() => registry.validate({ ...event, version: 2 }))).toBe('UNSUPPORTED_VERSION');
    expect(() => registry.validate({ ...event, version: 2 })).toThrow('shop.order.placed v2 is not supported here (known versions: 1)');
  });

  it('refuses two definitions of one version', () => {
    expect(() => new EventRegistry([orderPlacedV1, orderPlacedV1])).toThrow('shop.order.placed v1 is defined twice');
  });
});

describe('createEnvelope', () => {
  it('starts a correlation at a new event and carries it to the events it causes', () => {
    const cause = createEnvelope('crm', { type: 'crm.deal.won', version: 1, subject: 'd1', data: {} });
    expect(cause.correlationId).toBe(cause.id);
    expect(cause.causationId).toBeNull();
    const effect = createEnvelope('inventory', { type: 'inventory.order.reserved', version: 1, subject: 'o1', data: {}, causation: cause });
    expect(effect.correlationId).toBe(cause.id);
    expect(effect.causationId).toBe(cause.id);
    expect(effect.source).toBe('inventory');
  });
});
