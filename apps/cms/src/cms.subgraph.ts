import { z } from 'zod';
import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { ContentTypesModule } from './content-types/content-types.module';
import { DeliveryModule } from './delivery/delivery.module';
import { EntriesModule } from './entries/entries.module';
import { CreateContentTypes1763900000000 } from './migrations/1763900000000-create-content-types';
import { ContentTypeFields1764300000000 } from './migrations/1764300000000-content-type-fields';
import { EntriesAndVersions1764300001000 } from './migrations/1764300001000-entries-and-versions';
import { EntrySchedules1764300002000 } from './migrations/1764300002000-entry-schedules';
import { Assets1764300003000 } from './migrations/1764300003000-assets';
import { FormsAndSubmissions1764300004000 } from './migrations/1764300004000-forms-and-submissions';
import { AssetsModule } from './assets/assets.module';
import { MAX_UPLOAD_BYTES } from './assets/upload-limit';
import { FormsModule } from './forms/forms.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { configurePublicRoutes } from './shared/public-routes';
import { CmsErrorCode } from './shared/cms-error-codes';
import { JSONScalar } from './shared/json.scalar';
import { LOCALE } from './shared/locales';
import { Module } from '@nestjs/common';

/** The JSON scalar, once for the whole schema. */
@Module({ providers: [JSONScalar] })
class ScalarsModule {}

/** CMS: content types as data, entries with drafts, versions, review and publishing, public delivery, assets, forms and gated downloads. */
export const cmsSubgraph: SubgraphService = {
  name: 'cms',
  defaultPort: SUBGRAPH_PORTS.cms,
  database: {
    applicationName: 'cms',
    entities: [],
    migrations: [
      CreateContentTypes1763900000000,
      EventTables1763900001000,
      AuditLog1763900002000,
      ContentTypeFields1764300000000,
      EntriesAndVersions1764300001000,
      EntrySchedules1764300002000,
      Assets1764300003000,
      FormsAndSubmissions1764300004000,
    ],
  },
  config: {
    /** Where the cms's public REST endpoints (assets, downloads) are reached from a browser; relative URLs when empty. */
    CMS_PUBLIC_URL: z
      .string()
      .regex(/^(https?:\/\/[^\s]+[^/])?$/, { error: 'must be an http(s) URL without a trailing slash, e.g. https://cms.example.com' })
      .default(''),
    /** The frontend's address: sitemap and feed links are {CMS_SITE_URL}/{locale}/{type}/{slug} unless an entry names its canonical URL. */
    CMS_SITE_URL: z
      .string()
      .regex(/^https?:\/\/[^\s]+[^/]$/, { error: 'must be an http(s) URL without a trailing slash, e.g. https://www.example.com' })
      .default('http://localhost:3000'),
    CMS_DEFAULT_LOCALE: z.string().regex(LOCALE, { error: 'must be a locale tag such as en or de-AT' }).default('en'),
    /** Where uploaded files are kept (the local-disk storage). */
    CMS_ASSET_DIR: z.string().min(1).default('.data/cms-assets'),
    /** An S3-compatible bucket for assets instead of local disk (what several replicas need): set all four, and the region. */
    CMS_S3_ENDPOINT: z.url({ error: 'must be the http(s) URL of an S3-compatible endpoint' }).optional(),
    CMS_S3_BUCKET: z.string().min(3).max(63).optional(),
    CMS_S3_REGION: z.string().min(1).default('us-east-1'),
    CMS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    CMS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    CMS_ASSET_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(MAX_UPLOAD_BYTES)
      .default(10 * 1024 * 1024),
    /** Requests per minute one client address may make to the public form and download endpoints. */
    CMS_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
    /** How often due publish and unpublish schedules are looked for. */
    CMS_SCHEDULE_POLL_MS: z.coerce.number().int().min(20).max(3_600_000).default(5000),
    /** How editors' REST calls (uploads) are authenticated: the gateway's user-token settings. */
    JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    JWT_JWKS_URL: z.url().optional(),
  },
  errorCodes: CmsErrorCode,
  auditQuery: 'cmsAuditLog',
  imports: [ScalarsModule, ContentTypesModule, EntriesModule, DeliveryModule, AssetsModule, FormsModule, SchedulingModule],
  configureApp: configurePublicRoutes,
};
