import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@platform/service';
import { EditorAuth } from '../shared/editor-auth';
import { ASSET_STORAGE, type AssetStorage, LocalDiskStorage } from './asset-storage';
import { S3Storage } from './s3-storage';
import { AssetsController } from './assets.controller';
import { AssetsRepository } from './assets.repository';
import { AssetsResolver } from './assets.resolver';
import { AssetsService } from './assets.service';

interface StorageConfig {
  CMS_ASSET_DIR: string;
  CMS_S3_ENDPOINT?: string;
  CMS_S3_BUCKET?: string;
  CMS_S3_REGION: string;
  CMS_S3_ACCESS_KEY_ID?: string;
  CMS_S3_SECRET_ACCESS_KEY?: string;
}

/** An S3-compatible bucket when CMS_S3_BUCKET is set (with its endpoint and keys), else local disk. */
function assetStorage(config: StorageConfig): AssetStorage {
  if (!config.CMS_S3_BUCKET) return new LocalDiskStorage(config.CMS_ASSET_DIR);
  const { CMS_S3_ENDPOINT: endpoint, CMS_S3_ACCESS_KEY_ID: accessKeyId, CMS_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error('CMS_S3_BUCKET needs CMS_S3_ENDPOINT, CMS_S3_ACCESS_KEY_ID and CMS_S3_SECRET_ACCESS_KEY as well');
  }
  return new S3Storage({ endpoint, bucket: config.CMS_S3_BUCKET, region: config.CMS_S3_REGION, accessKeyId, secretAccessKey });
}

@Module({
  providers: [AssetsRepository, AssetsService, AssetsResolver, EditorAuth, { provide: ASSET_STORAGE, inject: [SERVICE_CONFIG], useFactory: assetStorage }],
  controllers: [AssetsController],
  exports: [AssetsService],
})
export class AssetsModule {}
