import { Module } from '@nestjs/common';
import { CustomerProfileResolver } from './customers/customer-profile.resolver';
import { ProfilesService } from './profiles/profiles.service';

@Module({ providers: [ProfilesService, CustomerProfileResolver] })
export class AnalyticsModule {}
