import type { RunningPostgres } from '@platform/local-runtime';

export default async function teardown(): Promise<void> {
  await (globalThis as { __postgres?: RunningPostgres }).__postgres?.stop();
}
