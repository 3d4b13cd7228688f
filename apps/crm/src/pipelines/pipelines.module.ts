import { Module } from '@nestjs/common';
import { PipelinesResolver } from './pipelines.resolver';
import { PipelinesService } from './pipelines.service';

@Module({ providers: [PipelinesResolver, PipelinesService], exports: [PipelinesService] })
export class PipelinesModule {}
