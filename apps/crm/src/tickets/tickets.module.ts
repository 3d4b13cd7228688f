import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { CustomerTicketsResolver, TicketsResolver } from './tickets.resolver';
import { TicketsService } from './tickets.service';

@Module({ imports: [ActivitiesModule], providers: [TicketsResolver, CustomerTicketsResolver, TicketsService], exports: [TicketsService] })
export class TicketsModule {}
