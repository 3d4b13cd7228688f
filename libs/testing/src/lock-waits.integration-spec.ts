import { Client } from 'pg';
import { backendPid, waitUntilBlocked } from './lock-waits';
import { createTestDatabase } from './test-database';

describe('waitUntilBlocked (real Postgres)', () => {
  let url: string;
  const clients: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    url = await createTestDatabase('lock_waits');
    const setup = await connect();
    await setup.query(`CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL)`);
    await setup.query(`INSERT INTO items VALUES (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
  });

  it('returns the backend waiting on the held lock, with the statement it waits in, once Postgres shows it waiting', async () => {
    const [holder, racer, observer] = [await connect(), await connect(), await connect()];
    const racerPid = await backendPid(racer);
    await holder.query('BEGIN');
    await holder.query(`UPDATE items SET n = n + 1 WHERE id = 1`);
    const racing = racer.query(`UPDATE items SET n = n + 10 WHERE id = 1`);
    const blocked = await waitUntilBlocked(observer, await backendPid(holder), { what: 'the racer', racer: racing });
    expect(blocked).toEqual([{ pid: racerPid, query: `UPDATE items SET n = n + 10 WHERE id = 1`, waitEvent: 'transactionid' }]);
    await holder.query('COMMIT');
    await racing;
    expect((await observer.query(`SELECT n FROM items WHERE id = 1`)).rows).toEqual([{ n: 11 }]);
  });

  it('fails at once, naming the racer, when the racer finishes without waiting on the lock', async () => {
    const [holder, racer, observer] = [await connect(), await connect(), await connect()];
    await holder.query('BEGIN');
    await holder.query(`UPDATE items SET n = n + 1 WHERE id = 1`);
    // Another row: nothing to wait for.
    const racing = racer.query(`UPDATE items SET n = n + 1 WHERE id = 2`);
    await expect(waitUntilBlocked(observer, await backendPid(holder), { what: 'the racer', racer: racing })).rejects.toThrow(
      /^the racer completed without waiting on a lock held by backend \d+$/,
    );
    await holder.query('ROLLBACK');
  });

  it('fails after the timeout with what pg_stat_activity showed when nothing waits', async () => {
    const [holder, observer] = [await connect(), await connect()];
    await holder.query('BEGIN');
    await holder.query(`UPDATE items SET n = n + 1 WHERE id = 1`);
    await expect(waitUntilBlocked(observer, await backendPid(holder), { what: 'the racer', timeoutMs: 100 })).rejects.toThrow(
      /timed out waiting for the racer to wait on a lock held by backend \d+; pg_stat_activity showed:\n[\s\S]*\d+ idle in transaction Client\/ClientRead: SELECT pg_backend_pid\(\)/,
    );
    await holder.query('ROLLBACK');
  });
});
