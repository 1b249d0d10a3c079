import { docsHealthByOwner } from './health';

describe('docsHealthByOwner', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('lists stale runbooks oldest first and services without a runbook, per owner', () => {
    const owners = docsHealthByOwner(
      [
        {
          entityRef: 'component:default/a',
          entityTitle: 'a',
          owner: 'group:default/x',
          runbook: 'docs/runbook.md',
          lastChanged: '2026-01-01T00:00:00Z',
        },
        {
          entityRef: 'component:default/b',
          entityTitle: 'b',
          owner: 'group:default/x',
          runbook: 'docs/runbook.md',
          lastChanged: '2025-01-01T00:00:00Z',
        },
        {
          entityRef: 'component:default/c',
          entityTitle: 'c',
          owner: 'group:default/x',
          runbook: 'docs/runbook.md',
          lastChanged: '2026-11-01T00:00:00Z',
        },
        {
          entityRef: 'component:default/d',
          entityTitle: 'd',
          owner: 'group:default/y',
        },
        {
          entityRef: 'component:default/e',
          entityTitle: 'e',
          owner: 'group:default/y',
          runbook: 'docs/runbook.md',
        },
      ],
      { now },
    );
    expect(owners.map(o => o.owner)).toEqual([
      'group:default/x',
      'group:default/y',
    ]);
    expect(owners[0].stale.map(s => [s.entityRef, s.ageDays])).toEqual([
      ['component:default/b', 695],
      ['component:default/a', 330],
    ]);
    expect(owners[0].fresh).toBe(1);
    expect(owners[1].missing.map(m => m.entityRef)).toEqual([
      'component:default/d',
    ]);
    // unknown age: not guessed stale
    expect(owners[1].fresh).toBe(1);
  });

  it('takes the age limit as an option (exactly the limit is still fresh)', () => {
    const entry = {
      entityRef: 'component:default/a',
      entityTitle: 'a',
      owner: 'o',
      runbook: 'r',
      lastChanged: '2026-11-17T12:00:00Z',
    };
    expect(docsHealthByOwner([entry], { now, maxAgeDays: 10 })[0].fresh).toBe(
      1,
    );
    expect(
      docsHealthByOwner([entry], { now, maxAgeDays: 9 })[0].stale,
    ).toHaveLength(1);
  });
});
