/**
 * The embedded S3-compatible server used when no `minio` binary exists: s3rver in a process of its own, bound to
 * 127.0.0.1, with the stack's access key registered. It does not check signatures and is not MinIO.
 * Usage: node stack/s3-embedded-server.ts --port N --dir DIR   (keys from S3_ACCESS_KEY / S3_SECRET_KEY)
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const { values } = parseArgs({ options: { port: { type: 'string' }, dir: { type: 'string' } } });
const accessKey = process.env.S3_ACCESS_KEY;
const secretKey = process.env.S3_SECRET_KEY;
if (!values.port || !values.dir || !accessKey || !secretKey) {
  console.error('usage: S3_ACCESS_KEY=.. S3_SECRET_KEY=.. node stack/s3-embedded-server.ts --port N --dir DIR');
  process.exit(2);
}
DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(values.port),
  directory: values.dir,
  silent: false,
  configureBuckets: [],
});
const addr = await server.run();
console.log(`embedded S3 (s3rver, not MinIO) listening on http://${addr.address}:${addr.port}, data in ${values.dir}`);
const stop = () =>
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
