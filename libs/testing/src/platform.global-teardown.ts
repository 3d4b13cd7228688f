import type { RunningPlatform } from '@platform/local-runtime';

export default async function teardown(): Promise<void> {
  await (globalThis as { __platform?: RunningPlatform }).__platform?.stop();
}
