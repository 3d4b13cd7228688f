import { Args, Context, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { byKeys, IdArg, loaderFor, notFound, Reference, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer, CustomerConnection } from './customer.model';
import { CustomersService } from './customers.service';
import { CreateCustomerInput } from './dto/create-customer.input';
import { CustomerReference } from './dto/customer.reference';
import { CustomersArgs } from './dto/customers.args';
import { UpdateCustomerInput } from './dto/update-customer.input';

@Resolver(() => Customer)
export class CustomersResolver {
  constructor(private readonly service: CustomersService) {}

  @Allow('customer:create')
  @Mutation(() => Customer, { description: 'Creates a customer owned by the caller unless ownerId is given. CONFLICT if the email is taken.' })
  async createCustomer(@Args('input') input: CreateCustomerInput, @Context() context: RequestContext): Promise<Customer> {
    return this.service.create(input, context.identity);
  }

  @Allow('customer:update')
  @Mutation(() => Customer, { description: 'Changes the given fields (null clears domain, phone, ownerId). NOT_FOUND, or CONFLICT if the new email is taken.' })
  async updateCustomer(@IdArg('id', 'Customer') id: string, @Args('input') input: UpdateCustomerInput, @Context() context: RequestContext): Promise<Customer> {
    return this.service.update(id, input, context.identity);
  }

  @Allow('customer:read')
  @Query(() => Customer, { description: 'One customer; NOT_FOUND if there is none with this id.' })
  async customer(@IdArg('id', 'Customer') id: string): Promise<Customer> {
    return this.service.get(id);
  }

  @Allow('customer:read')
  @Query(() => CustomerConnection, { description: 'Customers, filtered and sorted; oldest first unless a sort is given.' })
  async customers(@Args() { first, after, filter, sort }: CustomersArgs): Promise<CustomerConnection> {
    return (await this.service.list(first, after, filter, sort)) as CustomerConnection;
  }

  /** Every reference the gateway sends in one _entities call is loaded by one query. */
  @Allow('customer:read')
  @ResolveReference()
  resolveReference(@Reference() reference: CustomerReference, @Context() context: RequestContext): Promise<Customer> {
    return loaderFor<string, Customer>(context, 'customerById', async (ids) =>
      byKeys<string, Customer, Customer | Error>(
        ids,
        await this.service.findByIds(ids),
        (c) => c.id,
        (id) => notFound('Customer', id),
        (c) => c,
      ),
    ).load(reference.id);
  }
}
