import { z } from 'zod';
import { defineEvent, EventContractError } from '../contracts/registry';
import { createEnvelope } from '../envelope';
import { eventHandlers, eventOf, on, subscriptionOf } from './typed-events';

const widgetV1 = defineEvent({
  type: 'test.widget.made',
  version: 1,
  topic: 'test.widget',
  producer: 'test',
  consumers: [],
  description: 'v1',
  data: z.object({ widget: z.string() }),
});
const widgetV2 = defineEvent({ ...widgetV1, version: 2, description: 'v2', data: z.object({ widget: z.string(), size: z.number() }) });
const gadgetV1 = defineEvent({ ...widgetV1, type: 'test.gadget.made', topic: 'test.gadget', data: z.object({ gadget: z.number() }) });
const manager = {} as never;

describe('typed events', () => {
  it('builds a new event with the type and version of its contract', () => {
    const time = new Date('2026-01-02T03:04:05Z');
    expect(eventOf(widgetV2, 'w-1', { widget: 'a', size: 3 }, { time })).toEqual({
      type: 'test.widget.made',
      version: 2,
      subject: 'w-1',
      data: { widget: 'a', size: 3 },
      time,
    });
  });

  it('dispatches each version of a type to the handler bound to that version', async () => {
    const seen: string[] = [];
    const handlers = eventHandlers(
      on(widgetV1, async (data) => void seen.push(`v1 ${data.widget}`)),
      on(widgetV2, async (data) => void seen.push(`v2 ${data.widget} ${data.size}`)),
    );
    await handlers['test.widget.made'](createEnvelope('test', eventOf(widgetV1, 'w', { widget: 'a' })), manager);
    await handlers['test.widget.made'](createEnvelope('test', eventOf(widgetV2, 'w', { widget: 'b', size: 2 })), manager);
    expect(seen).toEqual(['v1 a', 'v2 b 2']);
  });

  it('refuses a version that no binding handles instead of reading it with another schema', async () => {
    const handlers = eventHandlers(on(widgetV1, async () => undefined));
    const v2 = createEnvelope('test', eventOf(widgetV2, 'w', { widget: 'b', size: 2 }));
    await expect(handlers['test.widget.made'](v2, manager)).rejects.toThrow(EventContractError);
  });

  it('refuses two handlers for one contract', () => {
    expect(() =>
      eventHandlers(
        on(widgetV1, async () => undefined),
        on(widgetV1, async () => undefined),
      ),
    ).toThrow(/two handlers/);
  });

  it('subscribes to each contract topic once', () => {
    const { topics, handlers } = subscriptionOf([
      on(widgetV1, async () => undefined),
      on(widgetV2, async () => undefined),
      on(gadgetV1, async () => undefined),
    ]);
    expect(topics).toEqual(['test.widget', 'test.gadget']);
    expect(Object.keys(handlers).sort()).toEqual(['test.gadget.made', 'test.widget.made']);
  });
});
