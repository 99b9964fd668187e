// The S3 stand-in image (botserver-e2e/s3-standin): NOT MinIO. It runs the embedded S3-compatible server
// (s3rver) where MinioContainer expects MinIO: it accepts MinIO's command line (`server ... /data`, ignored but
// for the data dir), registers MINIO_ROOT_USER / MINIO_ROOT_PASSWORD as its key pair, serves S3 on 9000 and
// answers GET /minio/health/live. No MinIO binary can be had where this image is built.
const http = require('node:http');
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const args = process.argv.slice(2);
const dataDir = args.filter((a) => a.startsWith('/')).pop() || '/data';
DUMMY_ACCOUNT.createKeyPair(
  process.env.MINIO_ROOT_USER || 'minioadmin',
  process.env.MINIO_ROOT_PASSWORD || 'minioadmin',
);
const s3 = new S3rver({ directory: dataDir, silent: false, configureBuckets: [] });
const handle = s3.callback();
const server = http.createServer((req, res) => {
  if (req.url === '/minio/health/live' || req.url === '/minio/health/ready') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('s3 stand-in (s3rver, not MinIO) is live\n');
  }
  return handle(req, res);
});
server.listen(9000, '0.0.0.0', () => console.log(`s3 stand-in (s3rver, not MinIO) on :9000, data in ${dataDir}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
