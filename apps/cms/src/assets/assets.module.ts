import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@platform/service';
import { EditorAuth } from '../shared/editor-auth';
import { ASSET_STORAGE, LocalDiskStorage } from './asset-storage';
import { AssetsController } from './assets.controller';
import { AssetsRepository } from './assets.repository';
import { AssetsResolver } from './assets.resolver';
import { AssetsService } from './assets.service';

@Module({
  providers: [
    AssetsRepository,
    AssetsService,
    AssetsResolver,
    EditorAuth,
    { provide: ASSET_STORAGE, inject: [SERVICE_CONFIG], useFactory: (config: { CMS_ASSET_DIR: string }) => new LocalDiskStorage(config.CMS_ASSET_DIR) },
  ],
  controllers: [AssetsController],
  exports: [AssetsService],
})
export class AssetsModule {}
