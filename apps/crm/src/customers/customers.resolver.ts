import { Args, Context, ID, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { byKeys, loaderFor, notFound, PageArgs, toConnection, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer, CustomerConnection } from './customer.model';
import { CustomersService } from './customers.service';
import { CreateCustomerInput } from './dto/create-customer.input';

@Resolver(() => Customer)
export class CustomersResolver {
  constructor(private readonly service: CustomersService) {}

  @Allow('customer:create')
  @Mutation(() => Customer, { description: 'Creates a customer. CONFLICT if the email is taken.' })
  createCustomer(@Args('input') input: CreateCustomerInput, @Context() context: RequestContext): Promise<Customer> {
    return this.service.create(input, context.identity);
  }

  @Allow('customer:read')
  @Query(() => Customer, { description: 'One customer; NOT_FOUND if there is none with this id.' })
  customer(@Args('id', { type: () => ID }) id: string): Promise<Customer> {
    return this.service.get(id);
  }

  @Allow('customer:read')
  @Query(() => CustomerConnection, { description: 'Customers, oldest first.' })
  async customers(@Args() { first, after }: PageArgs): Promise<CustomerConnection> {
    const page = await this.service.list(first, after);
    return toConnection(page, (c) => ({ at: c.createdAt, id: c.id }));
  }

  /** Every reference the gateway sends in one _entities call is loaded by one query. */
  @Allow('customer:read')
  @ResolveReference()
  resolveReference(reference: { id: string }, context: RequestContext): Promise<Customer> {
    return loaderFor<string, Customer>(context, 'customerById', async (ids) =>
      byKeys<string, Customer, Customer | Error>(ids, await this.service.findByIds(ids), (c) => c.id, (id) => notFound('Customer', id), (c) => c),
    ).load(reference.id);
  }
}
