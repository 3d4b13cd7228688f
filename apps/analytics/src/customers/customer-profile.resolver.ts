import { Context, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, Reference, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Profile } from '../profiles/profile.model';
import { ProfilesService } from '../profiles/profiles.service';
import { Customer } from './customer.model';
import { CustomerReference } from './dto/customer.reference';

@Resolver(() => Customer)
export class CustomerProfileResolver {
  constructor(private readonly profiles: ProfilesService) {}

  @Allow('customer.profile:read')
  @ResolveField(() => Profile)
  profile(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Profile> {
    return loaderFor<string, Profile>(context, 'profileByCustomer', async (ids) => {
      const profiles = await this.profiles.forCustomers(ids);
      return ids.map((id) => profiles.get(id) ?? new Error(`no profile for customer ${id}`));
    }).load(customer.id);
  }
}
