import { COMPLIANCE_MEASURES, countsOf, measureCounts, quartersOf, trackedMeasures, type OutcomeTally } from './compliance';
import { DEADLINE_RULES } from './deadline-rules';

describe('the counts of a compliance measure', () => {
  it('owes on time, late and open; shows cancelled beside; judges only what is on time or late', () => {
    const counts = countsOf(
      [
        { outcome: 'on_time', count: 2 },
        { outcome: 'late', count: 1 },
        { outcome: 'open', count: 4 },
        { outcome: 'cancelled', count: 3 },
        { outcome: 'on_time', count: 1 },
      ],
      75,
    );
    expect(counts).toEqual({ due: 8, onTime: 3, late: 1, open: 4, cancelled: 3, percentOnTime: 75, meetsTarget: true });
  });

  it('rounds the percent to one decimal and holds it to the target', () => {
    expect(
      countsOf(
        [
          { outcome: 'on_time', count: 2 },
          { outcome: 'late', count: 1 },
        ],
        66.7,
      ),
    ).toMatchObject({ percentOnTime: 66.7, meetsTarget: true });
    expect(
      countsOf(
        [
          { outcome: 'on_time', count: 2 },
          { outcome: 'late', count: 1 },
        ],
        90,
      ),
    ).toMatchObject({ percentOnTime: 66.7, meetsTarget: false });
    expect(
      countsOf(
        [
          { outcome: 'on_time', count: 1 },
          { outcome: 'late', count: 2 },
        ],
        30,
      ),
    ).toMatchObject({ percentOnTime: 33.3 });
  });

  it('has no percent while nothing is judged, open and cancelled deadlines notwithstanding', () => {
    expect(
      countsOf(
        [
          { outcome: 'open', count: 2 },
          { outcome: 'cancelled', count: 1 },
        ],
        90,
      ),
    ).toEqual({
      due: 2,
      onTime: 0,
      late: 0,
      open: 2,
      cancelled: 1,
      percentOnTime: null,
      meetsTarget: null,
    });
  });
});

describe('the measures of a period', () => {
  const tallies: OutcomeTally[] = [
    { measure: 'transfer_reply', ownState: true, outcome: 'on_time', count: 1 },
    { measure: 'transfer_reply', ownState: true, outcome: 'late', count: 1 },
    { measure: 'transfer_reply', ownState: false, outcome: 'on_time', count: 8 },
    { measure: 'case_closure', ownState: false, outcome: 'late', count: 2 },
  ];

  it('lists every measure of the dashboards in their order, tracked or not', () => {
    const measures = measureCounts(tallies, trackedMeasures(DEADLINE_RULES), 90);
    expect(measures.map((m) => [m.measure, m.rule, m.tracked])).toEqual([
      ['transfer_reply', '3.104', true],
      ['case_closure', '4.112(c)', true],
      ['case_closure_reply', '4.112(d)', true],
      ['progress_report', '4.106(a)', true],
      ['violation_response', '4.109(c)', true],
      ['ri_reply', '3.103', true],
      ['warrant_timeliness', '5.105(a)', true],
    ]);
    expect(measures.map((m) => m.measure)).toEqual(COMPLIANCE_MEASURES.map((m) => m.measure));
  });

  it('shows the timeliness of warrants for information: counted, but held to no target', () => {
    const warrants: OutcomeTally[] = [
      { measure: 'warrant_timeliness', ownState: true, outcome: 'on_time', count: 1 },
      { measure: 'warrant_timeliness', ownState: true, outcome: 'late', count: 1 },
    ];
    const byMeasure = new Map(measureCounts(warrants, trackedMeasures(DEADLINE_RULES), 90).map((m) => [m.measure, m]));
    expect(byMeasure.get('warrant_timeliness')).toMatchObject({ informational: true, state: { due: 2, percentOnTime: 50, meetsTarget: null } });
    expect([...byMeasure.values()].filter((m) => m.informational).map((m) => m.measure)).toEqual(['warrant_timeliness']);
  });

  it("pools every state's deadlines for the national figure: a ratio of sums", () => {
    const [transfer, closure] = measureCounts(tallies, trackedMeasures(DEADLINE_RULES), 90);
    expect(transfer.state).toMatchObject({ due: 2, onTime: 1, late: 1, percentOnTime: 50, meetsTarget: false });
    expect(transfer.national).toMatchObject({ due: 10, onTime: 9, late: 1, percentOnTime: 90, meetsTarget: true });
    expect(closure.state).toMatchObject({ due: 0, percentOnTime: null });
    expect(closure.national).toMatchObject({ due: 2, late: 2, percentOnTime: 0, meetsTarget: false });
  });
});

describe('the quarters of a range', () => {
  it('gives one quarter, cut to the range', () => {
    expect(quartersOf('2026-10-15', '2026-11-30')).toEqual([{ label: '2026 Q4', from: '2026-10-15', to: '2026-11-30' }]);
  });

  it('gives each quarter the range touches, across a year end, its ends cut', () => {
    expect(quartersOf('2026-09-30', '2027-04-01')).toEqual([
      { label: '2026 Q3', from: '2026-09-30', to: '2026-09-30' },
      { label: '2026 Q4', from: '2026-10-01', to: '2026-12-31' },
      { label: '2027 Q1', from: '2027-01-01', to: '2027-03-31' },
      { label: '2027 Q2', from: '2027-04-01', to: '2027-04-01' },
    ]);
  });

  it('gives a whole year as its four quarters', () => {
    expect(quartersOf('2028-01-01', '2028-12-31').map((q) => `${q.label} ${q.from} ${q.to}`)).toEqual([
      '2028 Q1 2028-01-01 2028-03-31',
      '2028 Q2 2028-04-01 2028-06-30',
      '2028 Q3 2028-07-01 2028-09-30',
      '2028 Q4 2028-10-01 2028-12-31',
    ]);
  });
});
