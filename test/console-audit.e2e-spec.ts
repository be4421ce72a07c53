import { AuditService } from '../src/audit/audit.service';
import { TimeTravel } from './support/accounts';
import { TO_REQUESTED } from './support/case-steps';
import { consoleOf, unescaped } from './support/console-pages';
import { TestApp } from './support/test-app';

/** One line of the audit table, as a reader sees it. */
interface Row {
  seq: number;
  when: string;
  who: string;
  action: string;
  about: string;
  /** The About cell's markup, for its link. */
  aboutHtml: string;
}

const textOf = (html: string) =>
  unescaped(
    html
      .replace(/<\/?(a|code|time|span)\b[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** The audit table's rows. */
function rowsOf(html: string): Row[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return body
    .split('<tr>')
    .slice(1)
    .map((row) => {
      const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]);
      return {
        seq: Number(textOf(cells[0])),
        when: textOf(cells[1]),
        who: textOf(cells[2]),
        action: textOf(cells[3]),
        about: textOf(cells[4]),
        aboutHtml: cells[4],
      };
    });
}

/** An instant on a zone's clock, as the page writes it (seconds, then the zone's short name), worked out with Intl alone. */
function clockOf(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`;
}

const nextHrefOf = (html: string) =>
  unescaped(html.match(/<a class="button secondary" href="([^"]+)">Next page<\/a>/)?.[1]?.replace(/&amp;/g, '&') ?? '') || null;

describe('the audit page, as an auditor reads it', () => {
  let t: TestApp;
  const { signedIn, caseAfter } = consoleOf(() => t, 'Audit Subject');
  let sent: { id: string; caseNumber: string; offenderName: string };
  let draft: { id: string; caseNumber: string; offenderName: string };
  let foreign: { id: string; caseNumber: string; offenderName: string };

  beforeAll(async () => {
    t = await TestApp.start();
    // Sent to Texas: Ohio's and Texas's. Still a draft: Ohio's alone. A California case: neither's.
    sent = await caseAfter(TO_REQUESTED);
    draft = await caseAfter([]);
    foreign = await t.cases.open({ offenderName: 'Faraway Person', sendingState: 'CA', receivingState: 'TX' }, t.actor('ca.field_officer'), null);
  });
  afterAll(() => t.close());

  const page = async (who: string, query: Record<string, string> = {}, status = 200) =>
    (await (await signedIn(who)).get('/console/audit').query(query).expect(status)).text;

  it("names each entry's case by number and person, linked to the case page", async () => {
    const rows = rowsOf(await page('oh.auditor', { actor: 'oh.field_officer' }));
    const aboutSent = rows.filter((r) => r.about.includes(sent.caseNumber));
    expect(aboutSent.length).toBeGreaterThan(0);
    for (const row of aboutSent) {
      expect(row.about).toContain(`${sent.caseNumber}, ${sent.offenderName}`);
      expect(row.aboutHtml).toContain(`<a href="/console/cases/${sent.id}">${sent.caseNumber}</a>`);
    }
    expect(rows.some((r) => r.about.includes(`${draft.caseNumber}, ${draft.offenderName}`))).toBe(true);
  });

  it("names a case to a national auditor, who reads every state's history, without a link its page would refuse", async () => {
    await t.addNationalAuditor('icaos.reader');
    const rows = rowsOf(await page('icaos.reader', { caseNumber: foreign.caseNumber }));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.about).toContain(`${foreign.caseNumber}, ${foreign.offenderName}`);
      expect(row.aboutHtml).not.toContain('<a ');
    }
  });

  it('narrows to one case by its number, typed as shown or in small letters', async () => {
    const expected = (await t.auditEntries({ caseId: sent.id })).filter((e) => e.primaryState === 'OH' || e.secondaryState === 'OH').map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(2);
    for (const typed of [sent.caseNumber, ` ${sent.caseNumber.toLowerCase()} `]) {
      const html = await page('oh.auditor', { caseNumber: typed });
      const rows = rowsOf(html);
      expect(rows.map((r) => r.seq)).toEqual(expected);
      expect(rows.every((r) => r.about.includes(sent.caseNumber))).toBe(true);
      expect(html).toContain(`name="caseNumber" value="${typed.trim()}"`);
    }
  });

  it("tells of a case number nobody made, or another state's, alike, and shows nothing of that case", async () => {
    for (const [who, number, hidden] of [
      ['oh.auditor', 'OH-2026-NOSUCH00', null],
      ['oh.auditor', foreign.caseNumber, foreign],
      ['tx.auditor', draft.caseNumber, draft],
    ] as const) {
      const html = await page(who, { caseNumber: number }, 404);
      expect(textOf(html)).toContain(`No case numbered ${number} is visible to you.`);
      expect(rowsOf(html)).toEqual([]);
      if (hidden) {
        expect(html).not.toContain(hidden.offenderName);
        expect(html).not.toContain(hidden.id);
      }
    }
    // Nor does the export of that view give away anything.
    await (await signedIn('oh.auditor')).get('/console/audit/export').query({ caseNumber: foreign.caseNumber, format: 'csv' }).expect(404);
  });

  it('offers the actions in words, every one the history holds, and filters by the one picked', async () => {
    const html = await page('oh.auditor');
    expect(html).toContain('<optgroup label="Case">');
    expect(html).toContain('<option value="SUBMIT_TRANSFER_REQUEST">Submit a transfer request</option>');
    expect(html).toContain('<optgroup label="Reopen request">');
    const recorded = new Set((await t.auditEntries()).map((e) => e.action));
    expect(recorded.size).toBeGreaterThan(5);
    for (const action of recorded) expect(html).toContain(`<option value="${action}">`);

    const filtered = await page('oh.auditor', { action: 'SUBMIT_TRANSFER_REQUEST' });
    const rows = rowsOf(filtered);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.action).toBe('Submit a transfer request (case) SUBMIT_TRANSFER_REQUEST');
    expect(filtered).toContain('<option value="SUBMIT_TRANSFER_REQUEST" selected>');
  });

  it('filters by username, whatever its letters', async () => {
    const rows = rowsOf(await page('oh.auditor', { actor: 'OH.Compact_Office' }));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.who).toMatch(/^oh\.compact_office /);
  });

  describe('times in the zone picked', () => {
    let before: { id: string; caseNumber: string };
    let beforeAt: string;
    let afterAt: string;

    beforeAll(async () => {
      // An entry just before midnight of 30 June on Chicago's clock (05:00 UTC on 1 July), and one just after.
      const clock = new TimeTravel(t);
      clock.to('2026-07-01T04:59:30Z');
      before = await t.cases.open({ offenderName: 'Midnight Person', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      clock.to('2026-07-01T05:00:30Z');
      await t.cases.applyEvent(before.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.field_officer'), null);
      clock.back();
      const entries = await t.auditEntries({ caseId: before.id });
      beforeAt = entries.find((e) => e.action === 'OPEN_CASE')!.occurredAt.toISOString();
      afterAt = entries.find((e) => e.action === 'SUBMIT_TRANSFER_REQUEST')!.occurredAt.toISOString();
      expect(beforeAt < '2026-07-01T05:00:00.000Z' && afterAt >= '2026-07-01T05:00:00.000Z').toBe(true);
    });

    const whenOf = async (zone: string | null, action: string) => {
      const html = await page('oh.auditor', { caseNumber: before.caseNumber, ...(zone ? { zone } : {}) });
      return rowsOf(html).find((r) => r.action.endsWith(action))!.when;
    };

    it("prints each time in the zone picked, Ohio's Eastern by default for an Ohio auditor", async () => {
      expect(await whenOf('America/Chicago', 'OPEN_CASE')).toBe(clockOf(beforeAt, 'America/Chicago'));
      expect(await whenOf('UTC', 'OPEN_CASE')).toBe(clockOf(beforeAt, 'UTC'));
      expect(await whenOf(null, 'OPEN_CASE')).toBe(clockOf(beforeAt, 'America/New_York'));
      expect(clockOf(beforeAt, 'America/Chicago')).toMatch(/^2026-06-30 23:59:\d\d CDT$/);
      expect(clockOf(beforeAt, 'UTC')).toMatch(/^2026-07-01 04:59:\d\d UTC$/);
    });

    it('reads From and To on the clock of the zone picked', async () => {
      const seqsOf = async (query: Record<string, string>) =>
        rowsOf(await page('oh.auditor', { caseNumber: before.caseNumber, ...query })).map((r) => `${r.action.split(' ').pop()}`);
      expect(await seqsOf({ zone: 'America/Chicago', from: '2026-07-01T00:00' })).toEqual(['SUBMIT_TRANSFER_REQUEST']);
      expect(await seqsOf({ zone: 'America/Chicago', to: '2026-07-01T00:00' })).toEqual(['OPEN_CASE']);
      // Midnight in UTC is five hours earlier: both are after it.
      expect(await seqsOf({ zone: 'UTC', from: '2026-07-01T00:00' })).toEqual(['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST']);
      expect(await seqsOf({ zone: 'America/Chicago', from: '2026-07-01T00:00', to: '2026-07-01T00:01' })).toEqual(['SUBMIT_TRANSFER_REQUEST']);
    });

    it('refuses a zone it does not offer with a 400 that names the choices', async () => {
      const html = await page('oh.auditor', { zone: 'Mars/Olympus' }, 400);
      expect(textOf(html)).toMatch(/zone must be one of: America\/[A-Za-z_]+, .*, America\/New_York, .*, UTC\./);
    });

    it('says the exports stay in UTC, and their links carry the filter as UTC instants', async () => {
      const html = unescaped(await page('oh.auditor', { caseNumber: before.caseNumber, zone: 'America/Chicago', from: '2026-07-01T00:00' }));
      expect(html).toMatch(/Exports give every time in UTC/);
      const link = html.match(/href="(\/console\/audit\/export\?[^"]+format=csv)"/)![1].replace(/&amp;/g, '&');
      expect(new URL(link, 'http://x').searchParams.get('from')).toBe('2026-07-01T05:00:00.000Z');
      const csv = await (await signedIn('oh.auditor')).get(link).expect(200);
      expect(csv.text).toContain(afterAt);
      expect(csv.text).not.toContain(beforeAt);
    });
  });

  it("keeps every filter in the pager's link", async () => {
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 101; i++) await audit.recordAccess(t.actor('oh.auditor'), null, 'AUDIT_EXPORT', `export ${i} for the pager`);
    const query = { actor: 'oh.auditor', action: 'AUDIT_EXPORT', outcome: 'allowed', zone: 'America/Chicago', from: '2026-01-01T00:00' };
    const first = await page('oh.auditor', query);
    expect(rowsOf(first)).toHaveLength(100);
    const next = nextHrefOf(first);
    expect(next).not.toBeNull();
    const params = new URL(next!, 'http://x').searchParams;
    for (const [field, value] of Object.entries(query)) expect(params.get(field)).toBe(value);
    expect(Number(params.get('cursor'))).toBe(rowsOf(first)[99].seq);
    const second = rowsOf((await (await signedIn('oh.auditor')).get(next!).expect(200)).text);
    expect(second.length).toBeGreaterThan(0);
    for (const row of second) expect(row.action).toBe('Export the audit history AUDIT_EXPORT');
  });
});
