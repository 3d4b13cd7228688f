import { Module } from '@nestjs/common';
import { ProfileAdminResolver } from './admin/profile-admin.resolver';
import { ProfileAdminService } from './admin/profile-admin.service';
import { CustomerProfileResolver, ProfileFieldsResolver } from './customers/customer-profile.resolver';
import { DomainEventsConsumer } from './domain/domain-events.consumer';
import { DomainEventsRepository } from './domain/domain-events.repository';
import { PeopleRepository } from './people/people.repository';
import { PeopleResolver } from './people/people.resolver';
import { PeopleService } from './people/people.service';
import { IdentityRepository } from './identity/identity.repository';
import { IdentityService } from './identity/identity.service';
import { ProfileProjector } from './identity/profile-projector';
import { ProfilesConsumer } from './profiles/profiles.consumer';
import { ProfilesService } from './profiles/profiles.service';
import { MetricsRepository } from './metrics/metrics.repository';
import { MetricsResolver } from './metrics/metrics.resolver';
import { MetricsService } from './metrics/metrics.service';
import { SegmentsRepository } from './segments/segments.repository';
import { SegmentMemberResolver, SegmentsResolver } from './segments/segments.resolver';
import { SegmentsService } from './segments/segments.service';
import { SourcesRepository } from './sources/sources.repository';
import { SourcesResolver } from './sources/sources.resolver';
import { SourcesService } from './sources/sources.service';
import { TrackingController } from './tracking/tracking.controller';
import { TrackingRepository } from './tracking/tracking.repository';
import { RetentionService } from './tracking/retention.service';
import { TrackingService } from './tracking/tracking.service';

@Module({
  controllers: [TrackingController],
  providers: [
    ProfilesService,
    CustomerProfileResolver,
    ProfileFieldsResolver,
    DomainEventsRepository,
    DomainEventsConsumer,
    PeopleRepository,
    PeopleService,
    PeopleResolver,
    ProfilesConsumer,
    SourcesRepository,
    SourcesService,
    SourcesResolver,
    TrackingRepository,
    TrackingService,
    RetentionService,
    IdentityRepository,
    IdentityService,
    ProfileProjector,
    ProfileAdminService,
    MetricsRepository,
    MetricsService,
    MetricsResolver,
    SegmentsRepository,
    SegmentsService,
    SegmentsResolver,
    SegmentMemberResolver,
    ProfileAdminResolver,
  ],
})
export class AnalyticsModule {}
