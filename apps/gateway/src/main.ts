import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { runMain } from '@platform/service';
import type { Request } from 'express';
import { bearerToken, type Identity } from '@platform/auth';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule, userVerifier } from './gateway.module';
import { Admission } from './limits/admission';
import { InFlightDeduplication } from './limits/in-flight-dedup';

runMain(async () => {
  const config = loadGatewayConfig();
  const verifyUser = userVerifier(config);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config, verifyUser), {
    logger: ['error', 'warn'],
    abortOnError: false,
    bodyParser: false,
  });
  app.enableShutdownHooks();
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  // The request's bearer token, verified once for admission and in-flight sharing alike.
  const callers = new WeakMap<Request, Promise<{ token?: string; identity: Identity | null }>>();
  const callerOf = (req: Request) => {
    let caller = callers.get(req);
    if (!caller) {
      const token = bearerToken(req.headers.authorization);
      caller = (token ? verifyUser(token).catch(() => null) : Promise.resolve(null)).then((identity) => ({ token, identity }));
      callers.set(req, caller);
    }
    return caller;
  };
  // Before anything parses or plans: refused requests cost next to nothing.
  const admission = new Admission({
    maxInFlight: config.GATEWAY_MAX_IN_FLIGHT,
    maxQueued: config.GATEWAY_MAX_QUEUED,
    queueTimeoutMs: config.GATEWAY_QUEUE_TIMEOUT_MS,
    ratePerSecond: config.GATEWAY_RATE_PER_SECOND,
    burst: config.GATEWAY_RATE_BURST,
  });
  app.use(
    '/graphql',
    admission.middleware(async (req) => {
      const { identity } = await callerOf(req);
      return identity ? `user:${identity.sub}` : `ip:${req.ip}`;
    }),
  );
  // Oversized bodies are refused (413) before anything parses them.
  app.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  const sharing = new InFlightDeduplication({ maxWaitMs: config.QUERY_TIMEOUT_MS * 3 });
  app.use(
    '/graphql',
    sharing.middleware(async (req) => {
      const { token, identity } = await callerOf(req);
      if (!token) return 'anonymous';
      return identity ? JSON.stringify([identity.sub, [...identity.roles].sort()]) : null;
    }),
  );
  await app.listen(config.PORT, config.HOST);
  // Whole-request ceiling on top of the per-subgraph time limit.
  app.getHttpServer().requestTimeout = config.QUERY_TIMEOUT_MS * 3;
  console.log(`gateway: listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/graphql`);
});
