import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a server that can stop passing its answers on, as a network that fails. */
export interface AnswerDroppingProxy {
  readonly url: string;
  /** From now on, what the server sends is thrown away: requests still arrive and run, their answers are lost. */
  dropAnswers(): void;
  close(): Promise<void>;
}

export async function startAnswerDroppingProxy(target: string): Promise<AnswerDroppingProxy> {
  const { hostname, port } = new URL(target);
  let dropping = false;
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!dropping) client.write(chunk);
    });
    // Either side gone (the server killed, say): the other goes too, so a client waiting for an answer learns it.
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port: own } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${own}`,
    dropAnswers: () => (dropping = true),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
      }),
  };
}
