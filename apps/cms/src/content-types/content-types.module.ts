import { Module } from '@nestjs/common';
import { ContentTypesRepository } from './content-types.repository';
import { ContentTypesResolver } from './content-types.resolver';
import { ContentTypesService } from './content-types.service';

@Module({ providers: [ContentTypesRepository, ContentTypesService, ContentTypesResolver], exports: [ContentTypesService] })
export class ContentTypesModule {}
