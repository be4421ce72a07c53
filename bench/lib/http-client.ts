import { Agent, request } from 'node:http';
import { nowMs } from './stats';

/** One kept-alive connection's worth of client: requests one after another, timed from send to last byte. */
export class SequentialClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string) {}

  get(
    path: string,
    headers: Record<string, string> = {},
    onChunk?: (chunk: Buffer) => void,
  ): Promise<{ status: number; ms: number; bytes: number; body: string }> {
    const started = nowMs();
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}`, { agent: this.agent, headers }, (res) => {
        let bytes = 0;
        const kept: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (onChunk) onChunk(chunk);
          else kept.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: nowMs() - started, bytes, body: Buffer.concat(kept).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
