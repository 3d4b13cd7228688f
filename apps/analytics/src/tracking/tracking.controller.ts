import { Controller, Headers, HttpCode, HttpException, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { ROUTES, TrackingError } from './tracking-rules';
import { TrackingService } from './tracking.service';

/**
 * Segment's HTTP Tracking API (/v1/identify, track, page, screen, group,
 * alias, batch and the browser's short paths), authenticated by a source's
 * write key instead of a user token.
 */
@Controller('v1')
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Post(':route')
  @HttpCode(200)
  async track(
    @Param('route') path: string,
    @Req() req: Request & { rawBodyBytes?: number },
    @Headers('authorization') authorization: string | undefined,
  ): Promise<{ success: true }> {
    const route = ROUTES[path];
    if (!route) throw new HttpException({ success: false, code: AnalyticsErrorCode.InvalidEvent, message: `No route /v1/${path}` }, 404);
    try {
      await this.tracking.ingest(route, req.body, req.rawBodyBytes ?? 0, authorization);
    } catch (err) {
      if (err instanceof TrackingError) throw new HttpException({ success: false, code: err.code, message: err.message }, err.status);
      throw err;
    }
    return { success: true };
  }
}
