import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { messageOf } from './message-of';
import type { MailTransport, OutgoingMail } from './outgoing-mail';

/** 20261128T120000.123Z: the files of a folder sort in the order the changes happened. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '');
}

/**
 * Without a mail relay, each mail becomes an .eml file that a mail program opens: the demo's and the
 * tests' inbox. One file per outbox row, named by its id, so a mail delivered twice is still one file.
 */
export class FileDropTransport implements MailTransport {
  private readonly composer: Transporter;

  constructor(private readonly dir: string) {
    this.composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async deliver(mail: OutgoingMail): Promise<void> {
    const info = await this.composer.sendMail(messageOf(mail));
    const raw = info.message as Buffer;
    await mkdir(this.dir, { recursive: true });
    const name = `${stamp(mail.date)}-${mail.id}.eml`;
    // Written aside and renamed: a reader never sees half a mail, even if the process dies mid-write.
    const temporary = join(this.dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(raw);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, join(this.dir, name));
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }

  close(): void {
    this.composer.close();
  }
}
