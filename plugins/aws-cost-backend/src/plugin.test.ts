import {
  daysInMonth,
  monthEnd,
  CostAnomalies,
  CostBreakdown,
  CostSummary,
  EntityCost,
} from '@runway/plugin-aws-cost-common';
import request from 'supertest';
import { as, DEVELOPER, M2, MANAGER, start } from './__testUtils__/testBackend';

// The dashboard routes through the whole plugin (startTestBackend with the
// sample data set): 200, 403 (including cached answers), 400 and 404. The
// catalog failure (503) and the import route have their own files.

jest.setTimeout(120_000);

describe('aws-cost router', () => {
  let server: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    server = await start();
    // the sample data task runs on start-up; wait until the store has data
    for (let i = 0; i < 600; i++) {
      const res = await request(server)
        .get('/api/aws-cost/status')
        .set(as(MANAGER));
      if (
        res.body.sources?.some(
          (s: any) => s.source === 'sample' && s.lastSuccessAt,
        )
      )
        break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  it('200: org summary from the sample data, labelled as sample data', async () => {
    const res = await request(server)
      .get('/api/aws-cost/summary')
      .set(as(MANAGER));
    expect(res.status).toBe(200);
    const body = res.body as CostSummary;
    expect(body.status.sample).toBe(true);
    expect(body.status.currency).toBe('USD');
    expect(Number.isInteger(body.monthToDate)).toBe(true);
    expect(body.monthToDate).toBeGreaterThan(0);
    expect(body.lastMonth).toBeGreaterThan(body.monthToDate / 2);
    expect(body.forecastMonthEnd).toBeGreaterThanOrEqual(body.monthToDate);
    expect(body.forecastSource).toBe('linear');
    expect(body.unallocatedMonthToDate).toBeGreaterThan(0);
    expect(body.openAnomalies).toBeGreaterThanOrEqual(2);
  });

  it('200: team breakdown rolls services up to their owners, with an unallocated bucket', async () => {
    const res = await request(server)
      .get('/api/aws-cost/breakdown?dimension=team&granularity=monthly')
      .set(as(MANAGER));
    expect(res.status).toBe(200);
    const body = res.body as CostBreakdown;
    const keys = body.rows.map(r => r.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'team-checkout',
        'team-payments',
        'platform-ops',
        '(shared)',
        '(unallocated)',
      ]),
    );
    expect(body.periods).toHaveLength(6);
    const payments = body.rows.find(r => r.key === 'team-payments')!;
    expect(payments.entityRef).toBe('group:default/team-payments');
    expect(body.rows.reduce((a, r) => a + r.total, 0)).toBe(body.total);
    expect(body.forecast?.length).toBe(1);
  });

  it('200: a named range ends on the last day with data, in the same request', async () => {
    const summary = await request(server)
      .get('/api/aws-cost/summary')
      .set(as(MANAGER));
    const asOf = (summary.body as CostSummary).asOf;
    const res = await request(server)
      .get(
        '/api/aws-cost/breakdown?dimension=team&preset=mtd&granularity=daily',
      )
      .set(as(MANAGER));
    expect(res.status).toBe(200);
    const body = res.body as CostBreakdown;
    expect(body.from).toBe(`${asOf.slice(0, 7)}-01`);
    expect(body.to).toBe(asOf);
    expect(body.periods).toHaveLength(Number(asOf.slice(8, 10)));
  });

  it('200: drill-down team -> service -> AWS service', async () => {
    const services = await request(server)
      .get('/api/aws-cost/breakdown?dimension=service&team=team-payments')
      .set(as(MANAGER));
    expect(services.status).toBe(200);
    expect(
      (services.body as CostBreakdown).rows.map(r => r.key).sort(),
    ).toEqual(['billing-worker', 'payments-api']);
    const aws = await request(server)
      .get(
        `/api/aws-cost/breakdown?dimension=awsService&service=billing-worker&granularity=daily&from=${M2}-01&to=${monthEnd(
          `${M2}-01`,
        )}`,
      )
      .set(as(MANAGER));
    expect(aws.status).toBe(200);
    const body = aws.body as CostBreakdown;
    expect(body.periods).toHaveLength(daysInMonth(`${M2}-01`));
    expect(body.rows.map(r => r.key).sort()).toEqual(
      [
        'Amazon MQ',
        'Amazon Elastic Compute Cloud',
        'Amazon Simple Storage Service',
      ].sort(),
    );
  });

  it('200: anomalies show billing-worker doubled and untagged NAT traffic', async () => {
    const res = await request(server)
      .get('/api/aws-cost/anomalies')
      .set(as(MANAGER));
    expect(res.status).toBe(200);
    const { anomalies } = res.body as CostAnomalies;
    const billing = anomalies.find(a => a.key === 'billing-worker')!;
    expect(billing.entityRef).toBe('component:default/billing-worker');
    expect(billing.ratio).toBeGreaterThan(1.8);
    const nat = anomalies.find(a => a.key === '(unallocated)')!;
    expect(nat.label).toContain('EU-NatGateway-Bytes');
  });

  it('200: budgets vs actual vs forecast, movers and a streamed CSV', async () => {
    const budgets = await request(server)
      .get('/api/aws-cost/budgets')
      .set(as(MANAGER));
    expect(budgets.status).toBe(200);
    expect(
      budgets.body.budgets.map((b: any) => [b.entityRef, b.budget]),
    ).toEqual([
      ['group:default/team-payments', 9_000_000_000],
      ['group:default/runway-org', 30_000_500_000],
    ]);
    const movers = await request(server)
      .get('/api/aws-cost/movers?dimension=service&limit=3')
      .set(as(MANAGER));
    expect(movers.status).toBe(200);
    expect(movers.body.movers).toHaveLength(3);
    const csv = await request(server)
      .get('/api/aws-cost/export.csv?service=billing-worker')
      .set(as(MANAGER));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/sample-data\.csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^day,account_id/);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.slice(1).every(l => l.includes(',billing-worker,'))).toBe(
      true,
    );
  });

  it("200: an owner reads their own service cost; 403 for another team's", async () => {
    const own = await request(server)
      .get('/api/aws-cost/entity/component/default/billing-worker')
      .set(as(DEVELOPER));
    expect(own.status).toBe(200);
    const body = own.body as EntityCost;
    expect(body.allocation).toEqual([
      { tag: 'service', value: 'billing-worker' },
    ]);
    expect(body.monthToDate).toBeGreaterThan(0);
    expect(body.topAwsServices.map(s => s.key)).toContain('Amazon MQ');
    const team = await request(server)
      .get(
        `/api/aws-cost/entity/group/default/team-payments?granularity=daily&from=${M2}-01&to=${M2}-10`,
      )
      .set(as(DEVELOPER));
    expect(team.status).toBe(200);
    expect(team.body.series).toHaveLength(10);
    expect(team.body.includes).toContain('component:default/billing-worker');
    const other = await request(server)
      .get('/api/aws-cost/entity/component/default/checkout-api')
      .set(as(DEVELOPER));
    expect(other.status).toBe(403);
    // members own their Group's costs; another team's are refused
    const otherTeam = await request(server)
      .get('/api/aws-cost/entity/group/default/team-checkout')
      .set(as(DEVELOPER));
    expect(otherTeam.status).toBe(403);
  });

  it('403: an answer cached for user A is refused to user B', async () => {
    const a1 = await request(server)
      .get('/api/aws-cost/summary')
      .set(as(MANAGER));
    const a2 = await request(server)
      .get('/api/aws-cost/summary')
      .set(as(MANAGER));
    expect(a1.status).toBe(200);
    expect(a2.body).toEqual(a1.body);
    const b = await request(server)
      .get('/api/aws-cost/summary')
      .set(as(DEVELOPER));
    expect(b.status).toBe(403);
    expect(b.body.error.name).toBe('NotAllowedError');
    expect(b.body).not.toHaveProperty('monthToDate');
    const csv = await request(server)
      .get('/api/aws-cost/export.csv')
      .set(as(DEVELOPER));
    expect(csv.status).toBe(403);
  });

  it.each([
    ['/breakdown?from=2026-02-30', 'from'],
    ['/breakdown?to=yesterday', 'to'],
    ['/breakdown?from=2026-05-01&to=2026-04-01', 'from'],
    ['/breakdown?granularity=hourly', 'granularity'],
    ['/breakdown?dimension=colour', 'dimension'],
    [
      '/breakdown?granularity=daily&from=2024-01-01&to=2026-01-01',
      'granularity',
    ],
    ['/movers?limit=0', 'limit'],
    ['/breakdown?tem=x', 'tem'],
    ['/breakdown?preset=2w', 'preset'],
    ['/breakdown?preset=mtd&from=2026-01-01', 'from'],
    ['/entity/component/default/billing-worker?from=2026-1-1', 'from'],
  ])('400 for %s names the parameter %s', async (path, parameter) => {
    const res = await request(server)
      .get(`/api/aws-cost${path}`)
      .set(as(MANAGER));
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(`'${parameter}'`);
  });

  it('404 for an entity the catalog does not know', async () => {
    const res = await request(server)
      .get('/api/aws-cost/entity/component/default/nope')
      .set(as(MANAGER));
    expect(res.status).toBe(404);
  });
});
