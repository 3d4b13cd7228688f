import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, isUuid, notFound } from '@platform/graphql';
import { AssetsService } from '../assets/assets.service';
import { safeFileName } from '../assets/asset-rules';
import { CmsErrorCode } from '../shared/cms-error-codes';
import { RateLimiter } from '../shared/rate-limiter';
import { answering } from '../shared/rest-errors';
import { FormsService } from './forms.service';

export const PUBLIC_RATE_LIMITER = Symbol('PUBLIC_RATE_LIMITER');

/** Visitors' endpoints: no sign-in, a rate limit per client address, small bodies (configurePublicRoutes). */
@Controller('cms/public')
export class PublicFormsController {
  constructor(
    private readonly forms: FormsService,
    private readonly assets: AssetsService,
    @Inject(PUBLIC_RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  @Post('forms/:id/submissions')
  submit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return answering(res, async () => {
      this.limit(req, res);
      if (!isUuid(id)) throw notFound('Form', id);
      const outcome = await this.forms.submit(id, req.body);
      res.status(201).json({ received: true, ...(outcome.downloadUrl ? { downloadUrl: outcome.downloadUrl } : {}) });
    });
  }

  @Get('downloads/:token')
  download(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return answering(res, async () => {
      this.limit(req, res);
      const assetId = /^[\w-]{43}$/.test(token) ? await this.forms.redeem(token) : undefined;
      const found = assetId ? await this.assets.read(assetId) : undefined;
      if (!found) throw new DomainError('NOT_FOUND', 'This download link is not valid or has expired: submit the form again');
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.attachment(safeFileName(found.asset.fileName)).type(found.asset.mimeType).send(found.bytes);
    });
  }

  private limit(req: Request, res: Response): void {
    const wait = this.limiter.take(req.ip ?? 'unknown');
    if (!wait) return;
    res.setHeader('Retry-After', String(wait));
    throw new DomainError(CmsErrorCode.RateLimited, `Too many requests from this address: retry in ${wait} s`, { retryAfterSeconds: wait });
  }
}
