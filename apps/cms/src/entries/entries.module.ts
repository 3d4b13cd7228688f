import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ContentTypesModule } from '../content-types/content-types.module';
import { DeliveredEntries } from './delivered-entries';
import { EntriesRepository } from './entries.repository';
import { EntriesResolver } from './entries.resolver';
import { EntriesService } from './entries.service';

@Module({
  imports: [ContentTypesModule, AssetsModule],
  providers: [EntriesRepository, EntriesService, EntriesResolver, DeliveredEntries],
  exports: [EntriesService, DeliveredEntries],
})
export class EntriesModule {}
