import { Module } from '@nestjs/common';
import { ContentTypesResolver } from './content-types.resolver';
import { ContentTypesService } from './content-types.service';

@Module({ providers: [ContentTypesService, ContentTypesResolver] })
export class ContentTypesModule {}
