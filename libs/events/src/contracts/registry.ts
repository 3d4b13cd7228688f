import type { z } from 'zod';
import { type EventEnvelope, envelopeSchema } from '../envelope';

/** One version of one event type: its topic and the schema of its data. */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  /** One topic per aggregate, e.g. "crm.customer". */
  topic: string;
  data: S;
  description: string;
  producer: string;
  consumers: string[];
}

export const defineEvent = <S extends z.ZodType>(contract: EventContract<S>) => contract;

export type EventData<C extends EventContract> = z.infer<C['data']>;

/** Why a message could not be read as a known event. */
export type RejectReason = 'MALFORMED' | 'UNKNOWN_TYPE' | 'UNSUPPORTED_VERSION' | 'INVALID_DATA';

export class EventContractError extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'EventContractError';
  }
}

/** The versioned schemas of every event type; checks events on publish and on receipt. */
export class EventRegistry {
  private readonly contracts = new Map<string, Map<number, EventContract>>();

  constructor(contracts: EventContract[]) {
    for (const contract of contracts) {
      const versions = this.contracts.get(contract.type) ?? new Map<number, EventContract>();
      if (versions.has(contract.version)) throw new Error(`${contract.type} v${contract.version} is defined twice`);
      versions.set(contract.version, contract);
      this.contracts.set(contract.type, versions);
    }
  }

  all(): EventContract[] {
    return [...this.contracts.values()].flatMap((versions) => [...versions.values()]);
  }

  contract(type: string, version: number): EventContract {
    const versions = this.contracts.get(type);
    if (!versions) throw new EventContractError('UNKNOWN_TYPE', `unknown event type ${type}`);
    const contract = versions.get(version);
    if (!contract) {
      const known = [...versions.keys()].sort((a, b) => a - b).join(', ');
      throw new EventContractError('UNSUPPORTED_VERSION', `${type} v${version} is not supported here (known versions: ${known})`);
    }
    return contract;
  }

  topicOf(type: string): string {
    const versions = this.contracts.get(type);
    if (!versions) throw new EventContractError('UNKNOWN_TYPE', `unknown event type ${type}`);
    return [...versions.values()][0].topic;
  }

  /** Checks an outgoing envelope against its contract; throws on any mismatch. */
  validate<T>(envelope: EventEnvelope<T>): EventEnvelope<T> {
    const shape = envelopeSchema.safeParse(envelope);
    if (!shape.success) throw new EventContractError('MALFORMED', `malformed envelope: ${shape.error.issues[0].message}`);
    const contract = this.contract(envelope.type, envelope.version);
    const data = contract.data.safeParse(envelope.data);
    if (!data.success) {
      const issue = data.error.issues[0];
      throw new EventContractError('INVALID_DATA', `${envelope.type} v${envelope.version}: data.${issue.path.join('.')} ${issue.message}`);
    }
    return { ...envelope, data: data.data as T };
  }

  /** Parses and checks a received message body. */
  parse(raw: string): EventEnvelope {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new EventContractError('MALFORMED', 'message body is not JSON');
    }
    return this.validate(json as EventEnvelope);
  }
}
