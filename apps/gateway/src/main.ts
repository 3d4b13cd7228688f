import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@platform/service';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runMain(async () => {
  const config = loadGatewayConfig();
  const app = await NestFactory.create(GatewayModule.forRoot(config), { logger: ['error', 'warn'], abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  console.log(`gateway: listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/graphql`);
});
