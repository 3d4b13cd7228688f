import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { GraphQLClient, gql } from 'graphql-request';
import { Role, signUserToken } from '@platform/auth';
import { eventually, freePort } from '@platform/testing';

const launcher = join(__dirname, '..', '..', '..', 'dist', 'tools', 'dev', 'start.js');
const SERVICES = ['GATEWAY', 'CRM', 'FINANCE', 'INVENTORY', 'CMS', 'ANALYTICS'];

/** `npm start`'s launcher on its own ports and data directory; resolves once it prints that the platform is ready. */
function launch(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  // A process group of its own, as a shell gives a foreground job: Ctrl-C reaches the whole group.
  const child = spawn(process.execPath, [launcher], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Platform ready')) resolve({ child, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`launcher exited with ${code} before it was ready:\n${output}`)));
  });
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to every process of the foreground
 * group (the launcher and the services it started), at once. Waits for the
 * launcher to exit; returns its exit code.
 */
function interrupt(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    process.kill(-child.pid!, 'SIGINT');
  });
}

/** What the processes printed after the launcher began to stop them: nothing but the launcher's own line. */
const stopOutput = (output: string) => output.slice(output.lastIndexOf('Stopping the platform...') + 'Stopping the platform...'.length).trim();

/** Whether anything accepts TCP connections on the port (Postgres answers no HTTP). */
const listening = (port: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const answers = async (url: string) => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
};

/** Nurture mail of the embedded default lands in the log file the launcher printed. */
async function expectMailInPrintedLog(output: string, client: GraphQLClient): Promise<void> {
  const path = /Nurture email: +appended to (\S+)/.exec(output)?.[1];
  expect(path).toEqual(expect.stringMatching(/mail\.log$/));
  const recipient = `launcher-${randomBytes(4).toString('hex')}@example.test`;
  const { createEmailTemplate } = await client.request<{ createEmailTemplate: { id: string } }>(
    gql`
      mutation ($n: String!) {
        createEmailTemplate(input: { name: $n, subject: "Welcome {{firstName}}", body: "Hello" }) {
          id
        }
      }
    `,
    { n: recipient },
  );
  const { createNurtureSequence } = await client.request<{ createNurtureSequence: { id: string } }>(
    gql`
      mutation ($n: String!, $t: ID!) {
        createNurtureSequence(input: { name: $n, trigger: { kind: MANUAL }, steps: [{ kind: SEND_EMAIL, templateId: $t }] }) {
          id
        }
      }
    `,
    { n: recipient, t: createEmailTemplate.id },
  );
  const { createContact } = await client.request<{ createContact: { id: string } }>(
    gql`
      mutation ($e: String!) {
        createContact(input: { firstName: "Lena", email: $e }) {
          id
        }
      }
    `,
    {
      e: recipient,
    },
  );
  await client.request(
    gql`
      mutation ($s: ID!, $c: ID!) {
        enrolInSequence(sequenceId: $s, target: { contactId: $c }) {
          id
        }
      }
    `,
    { s: createNurtureSequence.id, c: createContact.id },
  );
  const lines = await eventually(
    async () => {
      const found = existsSync(path!) ? (await readFile(path!, 'utf8')).split('\n').filter((line) => line.includes(recipient)) : [];
      return found.length ? found : undefined;
    },
    `mail to ${recipient} in ${path}`,
    30_000,
    200,
  );
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toMatchObject({ to: recipient, subject: 'Welcome Lena' });
}

describe('npm start (the launcher)', () => {
  it('starts everything, stops cleanly on Ctrl-C, and keeps the data for the next start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'platform-launcher-'));
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [`${s}_PORT`, String(await freePort())])));
    const jwtSecret = randomBytes(32).toString('hex');
    const env = {
      ...ports,
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DIR: dataDir,
      JWT_SECRET: jwtSecret,
      INTERNAL_JWT_SECRET: randomBytes(32).toString('hex'),
    };
    const signedIn = async () =>
      new GraphQLClient(gateway, { headers: { authorization: `Bearer ${await signUserToken({ sub: 'launcher-test', roles: [Role.Admin] }, jwtSecret)}` } });
    const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
    try {
      const first = await launch(env);
      expect(first.output()).toContain(`http://localhost:${ports.GATEWAY_PORT}/graphql`);
      const created = await (
        await signedIn()
      ).request<{ createCustomer: { id: string } }>(gql`
        mutation {
          createCustomer(input: { name: "Kept", email: "kept@example.test" }) {
            id
          }
        }
      `);
      await expectMailInPrintedLog(first.output(), await signedIn());
      expect(await interrupt(first.child)).toBe(0);
      // Postgres is not in the group: it stops last, so no service sees its connections cut while stopping.
      expect(stopOutput(first.output())).toBe('');
      for (const s of SERVICES) expect(await answers(`http://127.0.0.1:${ports[`${s}_PORT`]}/health/live`)).toBe(false);
      expect(await listening(env.EMBEDDED_PG_PORT)).toBe(false);

      const second = await launch(env);
      try {
        const read = await (
          await signedIn()
        ).request<{ customer: { email: string } }>(
          gql`
            query ($id: ID!) {
              customer(id: $id) {
                email
              }
            }
          `,
          {
            id: created.createCustomer.id,
          },
        );
        expect(read.customer.email).toBe('kept@example.test');
      } finally {
        expect(await interrupt(second.child)).toBe(0);
        expect(stopOutput(second.output())).toBe('');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start while the Postgres of a killed launcher still runs on its data, naming the process to stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'platform-launcher-'));
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [`${s}_PORT`, String(await freePort())])));
    const env = {
      ...ports,
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      INTERNAL_JWT_SECRET: randomBytes(32).toString('hex'),
    };
    let orphan: number | undefined;
    try {
      const first = await launch(env);
      // SIGKILL to the launcher's group: the services die with it, Postgres (a group of its own) is left running.
      await new Promise((resolve) => {
        first.child.once('exit', resolve);
        process.kill(-first.child.pid!, 'SIGKILL');
      });
      orphan = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      const second = await launch(env).then(
        () => 'started',
        (err: Error) => err.message,
      );
      expect(second).toContain(`Postgres (pid ${orphan}) from an earlier run is still running on ${dataDir}; stop it with \`kill -INT ${orphan}\``);
    } finally {
      if (orphan) {
        process.kill(orphan, 'SIGINT');
        await eventually(async () => !(await listening(env.EMBEDDED_PG_PORT)) && !existsSync(join(dataDir, 'postmaster.pid')), 'the orphaned Postgres to stop');
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
