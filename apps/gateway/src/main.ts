import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { runMain } from '@platform/service';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runMain(async () => {
  const config = loadGatewayConfig();
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), {
    logger: ['error', 'warn'],
    abortOnError: false,
    bodyParser: false,
  });
  app.enableShutdownHooks();
  // Oversized bodies are refused (413) before anything parses them.
  app.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  await app.listen(config.PORT, config.HOST);
  // Whole-request ceiling on top of the per-subgraph time limit.
  app.getHttpServer().requestTimeout = config.QUERY_TIMEOUT_MS * 3;
  console.log(`gateway: listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/graphql`);
});
