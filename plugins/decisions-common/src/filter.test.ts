import { filterAdrs } from './filter';
import { EntityAdr } from './types';

const adr = (over: Partial<EntityAdr>): EntityAdr => ({
  file: '0001-a.md',
  number: '0001',
  title: 'A',
  status: 'accepted',
  date: '2026-01-01',
  entityRef: 'component:default/a',
  entityTitle: 'a',
  owner: 'group:default/x',
  docsPath: '/docs/x',
  ...over,
});

describe('filterAdrs', () => {
  const all = [
    adr({ title: 'Outbox', date: '2025-05-20' }),
    adr({ title: 'Idempotency', status: 'proposed', date: '2026-10-02' }),
    adr({
      title: 'MQ',
      status: 'superseded',
      owner: 'group:default/y',
      date: '2024-09-30',
    }),
    adr({ title: 'No date', date: undefined }),
  ];
  it('filters by status, owner, date range and text, newest first', () => {
    expect(filterAdrs(all, {}).map(a => a.title)).toEqual([
      'Idempotency',
      'Outbox',
      'MQ',
      'No date',
    ]);
    expect(filterAdrs(all, { status: ['accepted'] }).map(a => a.title)).toEqual(
      ['Outbox', 'No date'],
    );
    expect(
      filterAdrs(all, { owner: ['group:default/y'] }).map(a => a.title),
    ).toEqual(['MQ']);
    expect(
      filterAdrs(all, { from: '2025-01-01', to: '2025-12-31' }).map(
        a => a.title,
      ),
    ).toEqual(['Outbox']);
    expect(filterAdrs(all, { text: 'idem' }).map(a => a.title)).toEqual([
      'Idempotency',
    ]);
  });
});
