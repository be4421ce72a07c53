import { caseLifecycleMachine, CASE_STATUSES, reopenRequestMachine } from '../../machines';
import { lifecycleDiagram } from './lifecycle-diagram';
import { lifecycleGraph } from './lifecycle-graph';

describe('the lifecycle drawing', () => {
  it('has a box for every state and an arrow for every transition of the machine', () => {
    const graph = lifecycleGraph(caseLifecycleMachine);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([...CASE_STATUSES].sort());
    // Counted from the lifecycle's table: a submission goes to review or straight across, so two arrows each.
    expect(graph.edges).toHaveLength(42);
    expect(graph.edges).toContainEqual({ from: 'active', to: 'closed', event: 'CLOSE_AFTER_RETAKING' });
    expect(graph.edges).toContainEqual({ from: 'closed', to: 'active', event: 'REOPEN' });
    expect(graph.edges).toContainEqual({ from: 'compact_office_review', to: 'rejected', event: 'SEND_BACK' });
    expect(graph.edges.filter((e) => e.event === 'WITHDRAW')).toHaveLength(11);
    expect(graph.nodes.find((n) => n.id === 'withdrawn')).toMatchObject({ final: true });
  });

  it('places each state by its distance from the start, without two in one place', () => {
    const graph = lifecycleGraph(caseLifecycleMachine);
    const column = Object.fromEntries(graph.nodes.map((n) => [n.id, n.column]));
    expect(column).toMatchObject({
      draft: 0,
      compact_office_review: 1,
      reporting_instructions_requested: 1,
      transfer_requested: 1,
      accepted: 2,
      departed: 3,
      active: 4,
      closure_pending: 5,
      // One step from active since the sending state may close a case on its retaking.
      closed: 5,
    });
    const places = graph.nodes.map((n) => `${n.column},${n.row}`);
    expect(new Set(places).size).toBe(places.length);
  });

  it('marks the current state, once, for eyes and for screen readers', () => {
    const svg = lifecycleDiagram(caseLifecycleMachine, 'closure_pending', 'Lifecycle of case OH-2026-X');
    expect(svg.match(/aria-current="step"/g)).toHaveLength(1);
    expect(svg).toMatch(/<g class="state current" aria-current="step"><rect[^>]*\/><text[^>]*>closure pending<\/text>/);
    expect(svg).toContain('<desc id="lifecycle-desc">The case is closure pending.');
    expect(svg.match(/class="edge"/g)).toHaveLength(42 - 11);
  });

  it('writes an event that ends the case from many states once, under its final state', () => {
    const svg = lifecycleDiagram(caseLifecycleMachine, 'draft', 'Lifecycle of case OH-2026-X');
    expect(svg).toContain('>withdraw: from 11 states</text>');
    expect(svg).toContain('withdraw leads to withdrawn from draft, compact office review, reporting instructions requested,');
    // Confirming a closure notice ends the case from one state only: an arrow still.
    expect(svg).toContain('>confirm closure</tspan>');
  });

  it('draws any machine it is given, such as the reopen requests', () => {
    const svg = lifecycleDiagram(reopenRequestMachine, 'pending', 'Reopen request');
    for (const state of ['pending', 'approved', 'denied', 'withdrawn', 'superseded']) expect(svg).toContain(`>${state}</text>`);
  });

  it('escapes what it writes into the markup', () => {
    expect(lifecycleDiagram(caseLifecycleMachine, 'draft', '<script>alert(1)</script>')).not.toContain('<script>');
  });
});
