/**
 * The floor under any HTTP route on this machine, for (b): `PORT=… node dist/bench/tools/bare-node-server.js`,
 * a `node:http` server answering GET /ping with the same small JSON as bare-nest-server.ts.
 */
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok' });

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ping') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => process.stdout.write(`bare node:http listening on port ${process.env.PORT}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
