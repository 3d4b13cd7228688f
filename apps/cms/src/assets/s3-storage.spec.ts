import { createHash } from 'node:crypto';
import { signV4 } from './s3-storage';

const EMPTY = createHash('sha256').update('').digest('hex');

describe('signV4', () => {
  it("matches AWS's documented example (GET Object with a Range header)", () => {
    expect(
      signV4(
        {
          method: 'GET',
          path: '/test.txt',
          headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z' },
          payloadHash: EMPTY,
        },
        { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      ),
    ).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});
