import { Module } from '@nestjs/common';
import { CustomerProfileResolver } from './customers/customer-profile.resolver';
import { IdentityRepository } from './identity/identity.repository';
import { IdentityService } from './identity/identity.service';
import { ProfileProjector } from './identity/profile-projector';
import { ProfilesConsumer } from './profiles/profiles.consumer';
import { ProfilesService } from './profiles/profiles.service';
import { SourcesRepository } from './sources/sources.repository';
import { SourcesResolver } from './sources/sources.resolver';
import { SourcesService } from './sources/sources.service';
import { TrackingController } from './tracking/tracking.controller';
import { TrackingRepository } from './tracking/tracking.repository';
import { TrackingService } from './tracking/tracking.service';

@Module({
  controllers: [TrackingController],
  providers: [
    ProfilesService,
    CustomerProfileResolver,
    ProfilesConsumer,
    SourcesRepository,
    SourcesService,
    SourcesResolver,
    TrackingRepository,
    TrackingService,
    IdentityRepository,
    IdentityService,
    ProfileProjector,
  ],
})
export class AnalyticsModule {}
