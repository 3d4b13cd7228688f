import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@platform/service';
import { AssetsModule } from '../assets/assets.module';
import { EntriesModule } from '../entries/entries.module';
import { RateLimiter } from '../shared/rate-limiter';
import { FormsRepository } from './forms.repository';
import { FormsResolver } from './forms.resolver';
import { FormsService } from './forms.service';
import { PUBLIC_RATE_LIMITER, PublicFormsController } from './public-forms.controller';

@Module({
  imports: [EntriesModule, AssetsModule],
  providers: [
    FormsRepository,
    FormsService,
    FormsResolver,
    {
      provide: PUBLIC_RATE_LIMITER,
      inject: [SERVICE_CONFIG],
      useFactory: (config: { CMS_PUBLIC_RATE_LIMIT: number }) => new RateLimiter(config.CMS_PUBLIC_RATE_LIMIT, 60_000),
    },
  ],
  controllers: [PublicFormsController],
})
export class FormsModule {}
