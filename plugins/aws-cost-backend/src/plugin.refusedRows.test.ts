import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  as,
  DEVELOPER,
  ENTITIES,
  MANAGER,
  permissionsFactory,
} from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

// The fixture's five bad rows, and one whose account cell is a formula.
const FILE = join(mkdtempSync(join(tmpdir(), 'cost-refused-route-')), 'f.csv');
writeFileSync(
  FILE,
  `${readFileSync(
    require.resolve('./import/__fixtures__/focus-bad-rows.csv'),
    'utf8',
  ).trimEnd()}\n111111111111,USD,2026-10-01T00:00:00Z,2026-10-05T00:00:00Z,Usage,4.00,4.00,Amazon S3,=2+5,{x\n`,
);

describe('GET /refused-rows', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let imported: request.Response;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            awsCost: { sources: { files: [{ id: 'focus', path: FILE }] } },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        permissionsFactory,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    }));
    imported = await request(server)
      .post('/api/aws-cost/import')
      .set(as(MANAGER));
  });

  it('answers the import with the groups it did not write', () => {
    expect(imported.status).toBe(200);
    expect(imported.body[0].incomplete).toHaveLength(5);
  });

  const get = (query: string, user: string = MANAGER) =>
    request(server).get(`/api/aws-cost/refused-rows${query}`).set(as(user));

  it('is refused without the organisation-wide report permission', async () => {
    expect((await get('', DEVELOPER)).status).toBe(403);
    expect((await get('?source=focus&format=csv', DEVELOPER)).status).toBe(403);
  });

  it('lists the refused rows with file, line, column, reason and cost, paged', async () => {
    const res = await get('?source=focus');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'focus',
      total: 6,
      kept: 6,
      offset: 0,
      limit: 100,
      files: [
        {
          source: 'focus',
          file: FILE,
          refusedRows: 6,
          keptRows: 6,
          groups: expect.any(Array),
        },
      ],
    });
    expect(res.body.rows.map((r: any) => [r.line, r.column])).toEqual([
      [3, 'EffectiveCost'],
      [4, 'ChargePeriodStart'],
      [6, 'ChargeCategory'],
      [7, 'BillingCurrency'],
      [8, 'Tags'],
      [9, 'Tags'],
    ]);
    expect(res.body.rows[0]).toEqual({
      source: 'focus',
      file: FILE,
      line: 3,
      column: 'EffectiveCost',
      reason: "EffectiveCost 'abc' is not a number",
      billingPeriod: '2026-10',
      accountId: '222222222222',
      // EffectiveCost is unreadable: BilledCost
      currency: 'USD',
      costMicros: 1_000_000,
    });
    // 'usd' is no currency: no cost can be read
    expect(res.body.rows[3]).toMatchObject({
      currency: null,
      costMicros: null,
    });

    const page = await get('?source=focus&offset=2&limit=2');
    expect(page.body.rows.map((r: any) => r.line)).toEqual([6, 7]);
    expect((await get('')).body).toMatchObject({ source: null, total: 6 });
  });

  it('downloads every listed row as CSV, formula cells neutralised', async () => {
    const res = await get('?source=focus&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="aws-cost-refused-rows-focus.csv"',
    );
    expect(res.headers['x-refused-rows']).toBe('6');
    const lines = res.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'source,file,line,column,reason,billing_period,account_id,currency,cost',
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe(
      `focus,${FILE},3,EffectiveCost,EffectiveCost 'abc' is not a number,2026-10,222222222222,USD,1.000000`,
    );
    expect(lines[4]).toBe(
      `focus,${FILE},7,BillingCurrency,BillingCurrency 'usd' is not an ISO 4217 code,2026-10,555555555555,,`,
    );
    expect(lines[6]).toBe(
      `focus,${FILE},9,Tags,Tags is not a JSON object,2026-10,'=2+5,USD,4.000000`,
    );
  });

  it('names the bad query parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?source=nope', "'source'"],
      ['?source=', "'source'"],
      ['?limit=0', "'limit'"],
      ['?limit=1001', "'limit'"],
      ['?offset=-1', "'offset'"],
      ['?format=xml', "'format'"],
      ['?format=csv&limit=5', "'limit'"],
      ['?source=focus&source=focus', "'source'"],
      ['?page=2', "'page'"],
    ];
    for (const [query, name] of cases) {
      const res = await get(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toContain(name);
    }
  });

  it('marks answers covering the groups not written, and counts the rows in /status', async () => {
    const status = await request(server)
      .get('/api/aws-cost/status')
      .set(as(MANAGER));
    expect(status.body.sources).toEqual([
      expect.objectContaining({ source: 'focus', refusedRows: 6 }),
    ]);
    const breakdown = await request(server)
      .get(
        '/api/aws-cost/breakdown?from=2026-10-01&to=2026-10-31&dimension=account',
      )
      .set(as(MANAGER));
    expect(breakdown.status).toBe(200);
    // only account 333333333333's group was written
    expect(breakdown.body.total).toBe(2_000_000);
    expect(breakdown.body.incomplete).toMatchObject({
      refusedRows: 6,
      refusedCost: [{ currency: 'USD', micros: 8_000_000 }],
      // and account 222222222222's one valid row
      notIncludedCost: [{ currency: 'USD', micros: 9_000_000 }],
    });
    expect(
      breakdown.body.incomplete.groups.map((g: any) => g.accountId),
    ).toEqual([
      '222222222222',
      '444444444444',
      '555555555555',
      '666666666666',
      '=2+5',
    ]);
    const other = await request(server)
      .get(
        '/api/aws-cost/breakdown?from=2026-10-01&to=2026-10-31&dimension=awsService&account=333333333333',
      )
      .set(as(MANAGER));
    expect(other.body.incomplete).toBeUndefined();
  });
});
