import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SERVICE_CONFIG } from '@platform/service';
import { EntriesService } from '../entries/entries.service';
import { API_ID } from '../shared/api-id';
import { LOCALE } from '../shared/locales';
import { sendError } from '../shared/public-routes';
import { answering } from '../shared/rest-errors';
import { rss, sitemap } from './feeds';

/** The sitemap holds at most what one sitemap file may (sitemaps.org). */
const SITEMAP_LIMIT = 50_000;
const FEED_LIMIT = 50;

/** Public, cacheable: what search engines and feed readers fetch. Live entries only. */
@Controller('cms/public')
export class FeedsController {
  constructor(
    private readonly entries: EntriesService,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_SITE_URL: string; CMS_DEFAULT_LOCALE: string },
  ) {}

  @Get('sitemap.xml')
  sitemap(@Res() res: Response): Promise<void> {
    return answering(res, async () => {
      const items = await this.entries.feedItems({ contentType: null, locale: null, limit: SITEMAP_LIMIT, indexableOnly: true });
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/xml').send(sitemap(this.config.CMS_SITE_URL, items));
    });
  }

  @Get('feeds/:contentType/rss.xml')
  feed(@Param('contentType') contentType: string, @Query('locale') locale: string | undefined, @Res() res: Response): Promise<void> {
    return answering(res, async () => {
      const lang = locale ?? this.config.CMS_DEFAULT_LOCALE;
      if (!API_ID.test(contentType) || !LOCALE.test(lang)) return sendError(res, 404, 'NOT_FOUND', `No feed ${contentType}`);
      const items = await this.entries.feedItems({ contentType, locale: lang, limit: FEED_LIMIT, indexableOnly: false });
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/rss+xml').send(rss(this.config.CMS_SITE_URL, { title: `${contentType} (${lang})`, link: this.config.CMS_SITE_URL }, items));
    });
  }
}
