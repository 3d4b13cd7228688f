import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { TasksResolver } from './tasks.resolver';
import { TasksService } from './tasks.service';

@Module({ imports: [ActivitiesModule], providers: [TasksResolver, TasksService], exports: [TasksService] })
export class TasksModule {}
