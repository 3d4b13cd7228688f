import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module';
import { DeliveryResolver } from './delivery.resolver';

@Module({ imports: [EntriesModule], providers: [DeliveryResolver] })
export class DeliveryModule {}
