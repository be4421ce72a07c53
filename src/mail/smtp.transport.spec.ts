import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SmtpTransport } from './smtp.transport';
import type { OutgoingMail } from './outgoing-mail';

/** Just enough of an SMTP relay to take mails (no TLS, no auth) and keep what it was sent. */
function fakeRelay(): Promise<{ server: Server; port: number; received: string[]; envelopes: string[] }> {
  const received: string[] = [];
  const envelopes: string[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 relay.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 relay.test\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT') {
          envelopes.push(line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, received, envelopes })));
}

describe('the SMTP transport', () => {
  const mail: OutgoingMail = {
    id: '7d3f0a52-4c1e-4f7e-8b8e-0c1d2e3f4a5b',
    from: 'Compact Case Engine <no-reply@compact.example>',
    to: 'tx.compact@compact.example',
    subject: 'Reopen requested for case OH-2026-7KQ2M9XD (Jordan Example)',
    body: 'The case: https://compact.example/cases/1\n',
    date: new Date('2026-11-28T12:00:00Z'),
  };

  it('hands the mail to the relay of SMTP_URL with its envelope and Message-ID', async () => {
    const relay = await fakeRelay();
    const transport = new SmtpTransport(`smtp://127.0.0.1:${relay.port}`);
    try {
      await transport.deliver(mail);
    } finally {
      transport.close();
      relay.server.close();
    }
    expect(relay.envelopes).toEqual(['MAIL FROM:<no-reply@compact.example>', 'RCPT TO:<tx.compact@compact.example>']);
    expect(relay.received).toHaveLength(1);
    expect(relay.received[0]).toContain('Subject: Reopen requested for case OH-2026-7KQ2M9XD (Jordan Example)');
    expect(relay.received[0]).toContain('Message-ID: <7d3f0a52-4c1e-4f7e-8b8e-0c1d2e3f4a5b@compact-case-engine>');
  });

  it('fails when no relay answers, so the sender retries', async () => {
    const relay = await fakeRelay();
    const port = relay.port;
    await new Promise((r) => relay.server.close(r));
    const transport = new SmtpTransport(`smtp://127.0.0.1:${port}`);
    await expect(transport.deliver(mail)).rejects.toThrow(/ECONNREFUSED/);
    transport.close();
  });
});
