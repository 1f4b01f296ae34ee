'use strict';
// Starts s3rver (the exact version pinned in package-lock.json) for the DataTasks S3 integration tests
// (tests/DataTasks.Cli.Tests/S3). Loopback only. Prints "S3rver listening on <address>:<port>" once it accepts
// requests, and exits when its standard input closes, so a test host that dies never leaves a server behind.
//
//   node tests/s3rver/serve.js --directory <dir> --port <n|0> --bucket <name> [--address 127.0.0.1]

const S3rver = require('s3rver');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    if (fallback === undefined) {
      console.error(`serve.js: --${name} is required`);
      process.exit(2);
    }
    return fallback;
  }
  return process.argv[i + 1];
}

const address = option('address', '127.0.0.1');
if (address !== '127.0.0.1' && address !== 'localhost' && address !== '::1') {
  console.error('serve.js: only loopback addresses are allowed');
  process.exit(2);
}

const server = new S3rver({
  directory: option('directory'),
  address,
  port: Number(option('port', '0')),
  silent: false,
  configureBuckets: [{ name: option('bucket') }],
  vhostBuckets: false,
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

server.run().then(
  ({ address: boundAddress, port }) => console.log(`S3rver listening on ${boundAddress}:${port}`),
  err => {
    console.error(err);
    process.exit(1);
  },
);
