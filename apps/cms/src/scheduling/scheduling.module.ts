import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module';
import { PublishingScheduler } from './publishing-scheduler';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesResolver } from './schedules.resolver';

@Module({ imports: [EntriesModule], providers: [SchedulesRepository, SchedulesResolver, PublishingScheduler] })
export class SchedulingModule {}
