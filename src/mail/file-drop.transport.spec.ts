import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDropTransport } from './file-drop.transport';
import type { OutgoingMail } from './outgoing-mail';

describe('the .eml folder transport', () => {
  let dir: string;
  let transport: FileDropTransport;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'file-drop-')), 'outbox');
    transport = new FileDropTransport(dir);
  });
  afterEach(() => {
    transport.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  const mail: OutgoingMail = {
    id: '3f1c8f5e-8d0a-4a57-9d43-8f0e2f1b6c01',
    from: 'Compact Case Engine <no-reply@compact.example>',
    to: 'tx.compact@compact.example',
    subject: 'Reopen requested for case OH-2026-7KQ2M9XD (Jordan Example)',
    body: 'Line one.\nLine two.\n',
    date: new Date('2026-11-28T12:00:00.123Z'),
  };

  it('writes one mail program-readable file per mail, named by time and id, creating the folder', async () => {
    await transport.deliver(mail);
    expect(readdirSync(dir)).toEqual(['20261128T120000.123Z-3f1c8f5e-8d0a-4a57-9d43-8f0e2f1b6c01.eml']);
    const raw = readFileSync(join(dir, readdirSync(dir)[0]), 'utf8');
    expect(raw).toMatch(/^From: Compact Case Engine <no-reply@compact\.example>\r\n/);
    expect(raw).toContain('To: tx.compact@compact.example\r\n');
    expect(raw).toContain('Message-ID: <3f1c8f5e-8d0a-4a57-9d43-8f0e2f1b6c01@compact-case-engine>\r\n');
    expect(raw).toContain('Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n');
    expect(raw).toMatch(/\r\n\r\nLine one\.\r\nLine two\.\r\n$/);
  });

  it('keeps one file when the same mail is delivered again, and no temporary file', async () => {
    await transport.deliver(mail);
    await transport.deliver(mail);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
