import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  type ConnectionShape,
  IdArg,
  loaderFor,
  PAGE_SIZE,
  type Page,
  PageArgs,
  type RequestContext,
  TextLength,
  TimeRange,
  toPage,
  toSortedConnection,
} from '@platform/graphql';
import { Allow } from '@platform/service';
import { CALENDAR_RANGE, EARLIEST, LATEST } from '../activities/calendar-range';
import { Customer } from '../customers/customer.model';
import { OpenTicketInput } from './dto/open-ticket.input';
import { TicketFilterInput, TicketSortInput } from './dto/ticket-query.input';
import { UpdateTicketInput } from './dto/update-ticket.input';
import { SupportReport, Ticket, TicketConnection, TicketSortDirection, TicketSortField, TicketStatus } from './ticket.model';
import { priorityRank, ticketOrder, TicketsService } from './tickets.service';

const connection = (page: Page<Ticket>, field: TicketSortField, direction: TicketSortDirection): ConnectionShape<Ticket> =>
  toSortedConnection(
    page,
    ticketOrder(field, direction),
    (t) => (field === TicketSortField.PRIORITY ? priorityRank(t.priority) : t.createdAt),
    (t) => t.id,
  );

/** Report bounds: times crm stores, years 1 to 9999. */
const CALENDAR_TIME = new TimeRange(EARLIEST, LATEST, CALENDAR_RANGE);

@Resolver(() => Ticket)
export class TicketsResolver {
  constructor(private readonly service: TicketsService) {}

  @Allow('ticket:write')
  @Mutation(() => Ticket, {
    description: 'Opens a ticket, optionally for a customer and/or contact (NOT_FOUND if missing); the customer is filled from the contact.',
  })
  openTicket(@Args('input') input: OpenTicketInput): Promise<Ticket> {
    return this.service.open(input);
  }

  @Allow('ticket:write')
  @Mutation(() => Ticket, {
    description:
      "Replies to the requester: logs an EMAIL on the ticket's contact/customer, records the first response, OPEN becomes PENDING. TICKET_CLOSED for a closed ticket.",
  })
  respondToTicket(
    @IdArg('id', 'Ticket') id: string,
    @Args('message', new TextLength(20000)) message: string,
    @Context() context: RequestContext,
  ): Promise<Ticket> {
    return this.service.respond(id, message, context.identity);
  }

  @Allow('ticket:write')
  @Mutation(() => Ticket, { description: 'Changes priority or assignee (null unassigns). TICKET_CLOSED for a closed ticket.' })
  updateTicket(@IdArg('id', 'Ticket') id: string, @Args('input') input: UpdateTicketInput): Promise<Ticket> {
    return this.service.update(id, input);
  }

  @Allow('ticket:write')
  @Mutation(() => Ticket, { description: 'Moves a ticket along its lifecycle; ILLEGAL_TICKET_TRANSITION (naming both statuses) otherwise.' })
  setTicketStatus(@IdArg('id', 'Ticket') id: string, @Args('status', { type: () => TicketStatus }) status: TicketStatus): Promise<Ticket> {
    return this.service.setStatus(id, status);
  }

  @Allow('ticket:read')
  @Query(() => Ticket, { description: 'One ticket; NOT_FOUND if there is none with this id.' })
  ticket(@IdArg('id', 'Ticket') id: string): Promise<Ticket> {
    return this.service.get(id);
  }

  @Allow('ticket:read')
  @Query(() => TicketConnection, { description: 'Tickets, newest first unless sort says otherwise.' })
  async tickets(
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => TicketFilterInput, nullable: true }) filter?: TicketFilterInput,
    @Args('sort', { type: () => TicketSortInput, nullable: true }) sort?: TicketSortInput,
  ): Promise<TicketConnection> {
    const order = sort ?? new TicketSortInput();
    return connection(await this.service.list(first, after, filter, order), order.field, order.direction);
  }

  @Allow('report.support:read')
  @Query(() => SupportReport, { description: 'Tickets resolved in [from, to): count, mean resolution and first-response seconds.' })
  supportReport(
    @Args('from', { type: () => Date, nullable: true }, CALENDAR_TIME) from?: Date | null,
    @Args('to', { type: () => Date, nullable: true }, CALENDAR_TIME) to?: Date | null,
  ): Promise<SupportReport> {
    return this.service.report(from, to);
  }
}

/** Customer.tickets: every customer's newest tickets in a response come from one statement. */
@Resolver(() => Customer)
export class CustomerTicketsResolver {
  constructor(private readonly service: TicketsService) {}

  @Allow('ticket:read')
  @ResolveField(() => TicketConnection, {
    description: "The customer's newest tickets (continue with Query.tickets, filter customerId, sort CREATED_AT DESC).",
  })
  tickets(
    @Parent() customer: Customer,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 10, description: 'Tickets per customer, 1 to 100.' }, PAGE_SIZE) first: number,
  ): Promise<TicketConnection> {
    return loaderFor<string, TicketConnection>(context, `customerTickets:${first}`, async (ids) => {
      const grouped = await this.service.latestByCustomers(ids, first);
      return ids.map((id) => connection(toPage(grouped.get(id) ?? [], first), TicketSortField.CREATED_AT, TicketSortDirection.DESC));
    }).load(customer.id);
  }
}
