import { Controller, Get, Header, HttpException, HttpStatus, type INestApplication } from '@nestjs/common';
import { register } from 'prom-client';

/** Something /health/ready must see working before traffic is sent. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

@Controller()
export class HealthController {
  private readonly checks: ReadinessCheck[] = [];

  static register(app: INestApplication, ...checks: ReadinessCheck[]): void {
    app.get(HealthController).checks.push(...checks);
  }

  /** The process is up and its event loop answers. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Every dependency answers; otherwise 503 naming what failed. */
  @Get('health/ready')
  async ready() {
    const checks = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await check();
          return { name, status: 'ok' };
        } catch (err) {
          return { name, status: 'down', error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const status = checks.every((c) => c.status === 'ok') ? 'ok' : 'down';
    if (status !== 'ok') throw new HttpException({ status, checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status, checks };
  }

  /** Prometheus exposition of this process' metrics. */
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics() {
    return register.metrics();
  }
}
