// The floors the request path is measured against: `http` answers fixed
// bytes; `pg` runs one statement through a pg pool per request and answers
// the rows as a GraphQL-shaped JSON body. Node's http module, no framework.
import { createServer } from 'node:http';
import { Pool } from 'pg';

const [kind, port] = process.argv.slice(2);

if (kind === 'http') {
  const body = Buffer.from(process.env.FLOOR_BODY ?? '{}');
  createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  }).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
} else {
  const pool = new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
  const sql = process.env.FLOOR_SQL ?? 'SELECT 1';
  createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      try {
        const { rows } = await pool.query(sql);
        const nodes = rows
          .slice(0, 20)
          .map((r: Record<string, unknown>) => ({ id: r.id, name: r.name, email: r.email, createdAt: (r.created_at as Date).toISOString() }));
        const body = JSON.stringify({ data: { customers: { nodes } } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (err) {
        res.writeHead(500);
        res.end(String(err));
      }
    });
  }).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
}
