import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role, signUserToken } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { cmsSubgraph } from '../cms.subgraph';
import { signV4 } from './s3-storage';
import { tinyPng } from './test-images';

const credentials = { region: 'eu-test-1', accessKeyId: 'test-key', secretAccessKey: 'test-secret' };

/** A bucket in memory that, like S3, refuses a request whose signature or payload hash does not check out. */
function fakeS3(): Promise<{ server: Server; url: string; objects: Map<string, Buffer>; refused: string[] }> {
  const objects = new Map<string, Buffer>();
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = {
        host: req.headers.host ?? '',
        'x-amz-date': String(req.headers['x-amz-date']),
        'x-amz-content-sha256': String(req.headers['x-amz-content-sha256']),
      };
      const expected = signV4({ method: req.method ?? '', path: req.url ?? '', headers, payloadHash: headers['x-amz-content-sha256'] }, credentials);
      if (req.headers.authorization !== expected || createHash('sha256').update(body).digest('hex') !== headers['x-amz-content-sha256']) {
        refused.push(`${req.method} ${req.url}`);
        return res.writeHead(403).end('SignatureDoesNotMatch');
      }
      if (req.method === 'PUT') {
        objects.set(req.url ?? '', body);
        return res.writeHead(200).end();
      }
      const found = objects.get(req.url ?? '');
      return found ? res.writeHead(200).end(found) : res.writeHead(404).end('NoSuchKey');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, objects, refused })),
  );
}

describe('cms assets in an S3-compatible bucket', () => {
  let cms: TestSubgraph;
  let s3: Awaited<ReturnType<typeof fakeS3>>;
  const jwtSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    s3 = await fakeS3();
    cms = await startTestSubgraph(cmsSubgraph, {
      JWT_SECRET: jwtSecret,
      CMS_S3_ENDPOINT: s3.url,
      CMS_S3_BUCKET: 'cms-assets',
      CMS_S3_REGION: credentials.region,
      CMS_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      CMS_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
  });
  afterAll(async () => {
    await cms?.close();
    s3?.server.close();
  });

  it('stores an upload in the bucket under its content hash, signed, and serves it back from there', async () => {
    const image = tinyPng(32, 16);
    const form = new FormData();
    form.append('file', new Blob([image]), 'pixel.png');
    const base = cms.url.replace(/\/graphql$/, '');
    const uploaded = await fetch(`${base}/cms/assets`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${await signUserToken({ sub: 'erin', roles: [Role.ContentEditor] }, jwtSecret)}` },
    });
    expect(uploaded.status).toBe(201);
    const asset = (await uploaded.json()) as { id: string; sha256: string; width: number };
    expect(asset.width).toBe(32);
    expect([...s3.objects.keys()]).toEqual([`/cms-assets/${asset.sha256}`]);
    expect(s3.objects.get(`/cms-assets/${asset.sha256}`)).toEqual(image);
    const served = await fetch(`${base}/cms/public/assets/${asset.id}`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(image);
    expect(s3.refused).toEqual([]);
  });
});
