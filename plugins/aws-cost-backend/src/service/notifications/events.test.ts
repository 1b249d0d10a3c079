import { Entity } from '@backstage/catalog-model';
import { CostAnomaly, CostBudget } from '@runway/plugin-aws-cost-common';
import { component, group } from '../../__testUtils__/entities';
import {
  micros,
  SMALL_ORG,
  smallOrgConfig,
} from '../../__testUtils__/smallOrg';
import { OrgIndex, trustedLocationCheck } from '../OrgIndex';
import { anomalyEvents, budgetEvents, costTabLink } from './events';

const TRUSTED = 'file:/srv/runway/catalog/org.yaml';
const MANAGERS = ['group:default/finance'];
const config = smallOrgConfig();

function index(entities: Entity[]) {
  return new OrgIndex(entities, config.tagKeys, config.sharedServices, {
    isTrusted: trustedLocationCheck([TRUSTED]),
  });
}

function trusted(entity: Entity): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-origin-location': TRUSTED,
      },
    },
  };
}

const anomaly = (key: string, entityRef?: string): CostAnomaly => ({
  id: `detected:service:${key}:2026-11`,
  source: 'detected',
  dimension: 'service',
  key,
  label: key,
  ...(entityRef ? { entityRef } : {}),
  startDay: '2026-11-01',
  lastDay: '2026-11-10',
  expected: micros(50),
  actual: micros(100),
  impact: micros(50),
  ratio: 2,
  status: 'open',
  causes: [],
});

const budget = (entityRef: string): CostBudget => ({
  entityRef,
  label: entityRef,
  month: '2026-11',
  budget: micros(100),
  actual: micros(60),
  forecast: micros(180),
  state: 'at-risk',
});

const to = (events: ReturnType<typeof anomalyEvents>) =>
  events.map(e => e.recipients.type === 'entity' && e.recipients.entityRef);

describe('anomaly events', () => {
  it("tell the trusted claimant's owner, not an untrusted claimant's", () => {
    const impostor = component('svc-a-metrics', 'team-b');
    impostor.metadata.annotations = {
      'runway.io/cost-allocation': 'service=svc-a',
    };
    const org = index([
      ...SMALL_ORG.filter(e => e.metadata.name !== 'svc-a'),
      trusted(component('svc-a', 'team-a')),
      impostor,
    ]);
    const events = anomalyEvents(
      [anomaly('svc-a', org.label('service', 'svc-a').entityRef)],
      { org, currency: 'USD', managers: MANAGERS },
    );
    expect(to(events)).toEqual([['group:default/team-a', ...MANAGERS]]);
  });

  it('never take an entityRef the org index does not attribute the tag to', () => {
    const org = index(SMALL_ORG);
    // an anomaly naming team-b's Component for svc-a's spend
    const events = anomalyEvents(
      [anomaly('svc-a', 'component:default/svc-b')],
      { org, currency: 'USD', managers: MANAGERS },
    );
    expect(to(events)).toEqual([MANAGERS]);
  });

  it('skip closed anomalies and say when the data is sample data', () => {
    const org = index(SMALL_ORG);
    const events = anomalyEvents(
      [
        { ...anomaly('svc-b'), status: 'closed' },
        anomaly('svc-a', 'component:default/svc-a'),
      ],
      { org, currency: 'EUR', managers: MANAGERS, sample: true },
    );
    expect(events.map(e => e.payload.title)).toEqual([
      'svc-a: cost anomaly, +€50 (+100 %) since 2026-11-01 [sample data]',
    ]);
  });
});

describe('budget events', () => {
  const managersOnly = [MANAGERS];

  it('tell a leaf team about its own budget, never the root or a parent of other teams', () => {
    const org = index(SMALL_ORG);
    const events = budgetEvents(
      [
        budget('group:default/org'),
        budget('group:default/team-a'),
        { ...budget('group:default/team-b'), state: 'ok' },
      ],
      { org, currency: 'USD', managers: MANAGERS },
    );
    expect(events.map(e => e.key)).toEqual([
      'cost-budget:group:default/org:2026-11',
      'cost-budget:group:default/team-a:2026-11',
    ]);
    expect(to(events)).toEqual([
      MANAGERS,
      ['group:default/team-a', ...MANAGERS],
    ]);
  });

  it("tell an untrusted group claiming another team tag nothing of that tag's spend", () => {
    const claimer = group('team-c', 'org', [], {
      'runway.io/cost-allocation': 'team=team-a',
    });
    const events = (entities: Entity[]) =>
      to(
        budgetEvents([budget('group:default/team-c')], {
          org: index(entities),
          currency: 'USD',
          managers: MANAGERS,
        }),
      );
    expect(events([...SMALL_ORG, claimer])).toEqual(managersOnly);
    expect(events([...SMALL_ORG, trusted(claimer)])).toEqual([
      ['group:default/team-c', ...MANAGERS],
    ]);
  });

  it("tell a Component's owner only when its service tag is attributed to it", () => {
    const impostor = component('svc-a-metrics', 'team-b');
    impostor.metadata.annotations = {
      'runway.io/cost-allocation': 'service=svc-a',
    };
    const org = index([...SMALL_ORG, impostor]);
    const events = budgetEvents(
      [
        budget('component:default/svc-b'),
        budget('component:default/svc-a-metrics'),
      ],
      { org, currency: 'USD', managers: MANAGERS },
    );
    expect(to(events)).toEqual([
      ['group:default/team-b', ...MANAGERS],
      MANAGERS,
    ]);
    expect(events[0].payload).toMatchObject({
      title:
        'component:default/svc-b: forecast to exceed its budget in 2026-11, $180 of $100 (+80 %)',
      link: '/catalog/default/component/svc-b/cost',
      severity: 'normal',
      topic: 'cost',
    });
  });
});

describe('costTabLink', () => {
  it("links an entity's Cost tab", () => {
    expect(costTabLink('group:default/team-a')).toBe(
      '/catalog/default/group/team-a/cost',
    );
  });
});
