import { Controller, Get, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { isUuid } from '@platform/graphql';
import { isGatedAsset } from '../forms/gated-assets';
import { EditorAuth } from '../shared/editor-auth';
import { sendError } from '../shared/public-routes';
import { answering } from '../shared/rest-errors';
import { AssetsService } from './assets.service';
import { MAX_UPLOAD_BYTES } from './upload-limit';

@Controller('cms')
export class AssetsController {
  constructor(
    private readonly assets: AssetsService,
    private readonly auth: EditorAuth,
    private readonly dataSource: DataSource,
  ) {}

  /** Multipart upload (field "file") by an editor with a user token; answers the asset. */
  @Post('assets')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 5, parts: 6 } }))
  upload(@Req() req: Request, @Res() res: Response, @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined): Promise<void> {
    return answering(res, async () => {
      const actor = await this.auth.require(req, 'asset:write');
      if (!file) return sendError(res, 400, 'BAD_USER_INPUT', 'Send the file as multipart/form-data in the field "file"');
      const asset = await this.assets.upload(file, actor);
      res.status(201).json({
        id: asset.id,
        fileName: asset.fileName,
        mimeType: asset.mimeType,
        sizeBytes: asset.sizeBytes,
        width: asset.width,
        height: asset.height,
        sha256: asset.sha256,
        url: this.assets.urlOf(asset.id),
        createdAt: asset.createdAt,
      });
    });
  }

  /** Public: the bytes of an asset content links to. A gated asset is not found here, only through its download link. */
  @Get('public/assets/:id')
  serve(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return answering(res, async () => {
      const found = isUuid(id) && !(await isGatedAsset(this.dataSource, id)) ? await this.assets.read(id) : undefined;
      if (!found) return sendError(res, 404, 'NOT_FOUND', `Asset ${id} does not exist`);
      const etag = `"${found.asset.sha256}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (req.headers['if-none-match'] === etag) return void res.status(304).end();
      res.type(found.asset.mimeType).send(found.bytes);
    });
  }
}
