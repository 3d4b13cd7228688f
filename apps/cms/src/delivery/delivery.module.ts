import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module';
import { DeliveryResolver } from './delivery.resolver';
import { FeedsController } from './feeds.controller';

@Module({ imports: [EntriesModule], providers: [DeliveryResolver], controllers: [FeedsController] })
export class DeliveryModule {}
