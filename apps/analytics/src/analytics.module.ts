import { Module } from '@nestjs/common';
import { CustomerProfileResolver } from './customers/customer-profile.resolver';
import { ProfilesConsumer } from './profiles/profiles.consumer';
import { ProfilesService } from './profiles/profiles.service';

@Module({ providers: [ProfilesService, CustomerProfileResolver, ProfilesConsumer] })
export class AnalyticsModule {}
