import { csvCell, csvHeader, csvRow } from './audit-export';
import type { AuditEntryView } from './dto/audit-entry.view';

describe('CSV export cells', () => {
  test.each([
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
  ])('neutralizes a formula: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
  });

  it('leaves plain text, numbers and empty values alone', () => {
    expect(csvCell('Offender apprehended')).toBe('Offender apprehended');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });

  it('writes one line per entry with the header columns', () => {
    const entry: AuditEntryView = {
      seq: 7,
      occurredAt: '2026-11-28T12:00:00.000Z',
      actor: { id: 'u', username: 'tx.compact', role: 'compact_office', state: 'TX' },
      action: 'REOPEN',
      entityType: 'case',
      entityId: 'c',
      caseId: 'c',
      states: ['OH', 'TX'],
      fromState: 'closed',
      toState: 'active',
      outcome: 'allowed',
      reason: '-caught, in Dallas',
      requestId: 'r',
      clientAddress: '127.0.0.1',
      prevHash: 'a',
      hash: 'b',
    };
    const row = csvRow(entry);
    expect(row.split(',').length).toBe(csvHeader().split(',').length + 1);
    expect(row).toContain(`"'-caught, in Dallas"`);
    expect(row.endsWith('\r\n')).toBe(true);
  });
});
