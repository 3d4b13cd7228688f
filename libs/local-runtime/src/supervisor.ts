import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Polled until it answers 200. */
  readyUrl: string;
}

export interface SupervisorOptions {
  /** Where each output line goes; defaults to stdout with a name prefix. */
  output?: (name: string, line: string) => void;
  readyTimeoutMs?: number;
}

/** Runs a set of processes, waits for each to be ready, and stops them all together. */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly exited = new Map<string, number | null>();
  private readonly output: (name: string, line: string) => void;

  constructor(private readonly options: SupervisorOptions = {}) {
    const width = 10;
    this.output = options.output ?? ((name, line) => process.stdout.write(`${name.padEnd(width)}| ${line}\n`));
  }

  /** Starts a process and resolves when its readyUrl answers 200. */
  async start(spec: ProcessSpec): Promise<void> {
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.set(spec.name, child);
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.output(spec.name, line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code) => this.exited.set(spec.name, code));

    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (this.exited.has(spec.name)) throw new Error(`${spec.name} exited with code ${this.exited.get(spec.name)} while starting`);
      try {
        const response = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${spec.name} was not ready at ${spec.readyUrl} in time`);
  }

  /** Sends SIGTERM to every child (in reverse start order), then SIGKILL to any still running after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    const running = [...this.children.entries()].reverse().filter(([name]) => !this.exited.has(name));
    await Promise.all(
      running.map(
        ([name, child]) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
            }, graceMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (this.exited.has(name)) resolve();
            else child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** The process id of a running child (for measuring it from outside). */
  pid(name: string): number | undefined {
    return this.children.get(name)?.pid;
  }

  /** Called when any child exits on its own. */
  onUnexpectedExit(handler: (name: string, code: number | null) => void): void {
    for (const [name, child] of this.children) child.on('exit', (code) => handler(name, code));
  }
}
