import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import type { StateCode } from '../../machines/jurisdiction';
import { complianceCsv, ComplianceReports } from '../deadlines/compliance-report';
import type { ComplianceCountsView, ComplianceReportView } from '../deadlines/dto/compliance-report.view';
import { ComplianceReportQuery } from '../deadlines/dto/compliance.query';

export const COMPLIANCE_USAGE = `compliance --state XX --from YYYY-MM-DD --to YYYY-MM-DD [--csv]
      a state's timeliness by measure, each quarter and over the range, beside the national average`;

/** The state and range, checked as the API checks them; an error that says what is wrong otherwise. */
export async function parseComplianceArgs(args: string[]): Promise<{ state: StateCode; from: string; to: string; csv: boolean }> {
  const { values } = parseArgs({
    args,
    options: { state: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, csv: { type: 'boolean', default: false } },
  });
  const query = plainToInstance(ComplianceReportQuery, { state: values.state?.toUpperCase(), from: values.from, to: values.to });
  const problems = (await validate(query)).flatMap((e) => Object.values(e.constraints ?? {}));
  if (!query.state) problems.unshift('compliance needs --state XX');
  if (problems.length) throw new Error(`compliance: ${problems.join('; ')}`);
  return { state: query.state!, from: query.from, to: query.to, csv: values.csv };
}

const percent = (p: number | null) => (p === null ? '-' : `${p.toFixed(1)}%`);

const COLUMNS: [title: string, width: number][] = [
  ['measure', 0],
  ['due', 5],
  ['on time', 8],
  ['late', 5],
  ['open', 5],
  ['cancelled', 10],
  ['% on time', 10],
  ['target met', 11],
  ['national %', 11],
];

/** A line of the table; the first column as wide as its longest title. */
function line(cells: readonly string[], titleWidth: number): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(titleWidth) : cell.padStart(COLUMNS[i][1]))).join(' ');
}

function cellsOf(c: ComplianceCountsView, national: ComplianceCountsView): string[] {
  const met = c.meetsTarget === null ? '-' : c.meetsTarget ? 'yes' : 'no';
  return [...[c.due, c.onTime, c.late, c.open, c.cancelled].map(String), percent(c.percentOnTime), met, percent(national.percentOnTime)];
}

/** The report as a person reads it on a terminal: a table per period, the whole range last. */
function complianceTable(report: ComplianceReportView): string {
  const head = [
    `Compliance of ${report.state}, deadlines due from ${report.from} to ${report.to}, as of ${report.asOf}; target ${report.targetPercent}% on time.`,
    'Due = on time + late + open; cancelled is shown beside. Not tracked: no activity of the engine has that limit yet. For information: held to no target.',
  ];
  // One quarter is its own whole range: its table is not printed twice.
  const periods = report.periods.length > 1 ? [...report.periods, { ...report.overall, label: 'The whole range' }] : report.periods;
  const titleOf = (m: ComplianceReportView['overall']['measures'][number]) => `${m.title} ${m.rule}${m.tracked ? '' : ' (not tracked)'}`;
  const width = Math.max(...report.overall.measures.map((m) => titleOf(m).length));
  const blocks = periods.map((p) =>
    [
      `${p.label} (${p.from} to ${p.to})`,
      line(
        COLUMNS.map(([title]) => title),
        width,
      ),
      ...p.measures.map((m) => line([titleOf(m), ...cellsOf(m.state, m.national)], width)),
    ].join('\n'),
  );
  return [...head, '', blocks.join('\n\n')].join('\n') + '\n';
}

export async function complianceReport(app: INestApplicationContext, args: Awaited<ReturnType<typeof parseComplianceArgs>>): Promise<number> {
  const report = await app.get(ComplianceReports).reportOf(args.state, args);
  process.stdout.write(args.csv ? complianceCsv(report) : complianceTable(report));
  return 0;
}
