import { Injectable } from '@nestjs/common';
import {
  contactCreatedV1,
  contactUpdatedV1,
  contentDownloadedV1,
  dealLostV1,
  dealWonV1,
  type EventEnvelope,
  formSubmittedV1,
  type HandlerBinding,
  invoicePaidV1,
  invoicePostedV1,
  leadConvertedV1,
  leadCreatedV1,
  on,
  orderShippedV1,
  ticketOpenedV1,
  ticketResolvedV1,
} from '@platform/events';
import type { EventConsumer } from '@platform/service';
import type { EntityManager } from 'typeorm';
import { IdentityService } from '../identity/identity.service';
import { SegmentsService } from '../segments/segments.service';
import { observeDomain } from '../identity/observations';
import { PeopleRepository } from '../people/people.repository';
import { DomainEventsRepository } from './domain-events.repository';

/** The contracts the customer view is built from. */
export const PROFILE_CONTRACTS = [
  contactCreatedV1,
  contactUpdatedV1,
  leadCreatedV1,
  leadConvertedV1,
  dealWonV1,
  dealLostV1,
  ticketOpenedV1,
  ticketResolvedV1,
  formSubmittedV1,
  contentDownloadedV1,
  invoicePostedV1,
  invoicePaidV1,
  orderShippedV1,
];

/**
 * Keeps every service's events about people and customers: each is stored
 * (once, by event id) and what it says about a person goes through the
 * identity graph, in the inbox transaction.
 */
@Injectable()
export class DomainEventsConsumer implements EventConsumer {
  readonly group = 'analytics.people';
  readonly bindings: HandlerBinding[] = PROFILE_CONTRACTS.map((contract) => on(contract, (_data, event, manager) => this.keep(event, manager)));

  constructor(
    private readonly events: DomainEventsRepository,
    private readonly identity: IdentityService,
    private readonly segments: SegmentsService,
    private readonly people: PeopleRepository,
  ) {}

  private async keep(event: EventEnvelope, manager: EntityManager): Promise<void> {
    const data = event.data as Record<string, unknown>;
    const customerId = typeof data.customerId === 'string' ? data.customerId : null;
    if (!(await this.events.store(manager, event, customerId))) return;
    const observation = observeDomain(event.type, event.id, new Date(event.time), data);
    const touched = observation ? await this.identity.applyIn(manager, [observation]) : [];
    // An event about a customer can move all of its people in or out of a segment.
    await this.segments.refreshIn(manager, [...touched, ...(customerId ? await this.people.idsOfCustomerIn(manager, customerId) : [])]);
  }
}
