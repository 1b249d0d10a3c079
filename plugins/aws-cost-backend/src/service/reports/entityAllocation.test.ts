import { Entity } from '@backstage/catalog-model';
import { component } from '../../__testUtils__/entities';
import { SMALL_ORG, smallOrgConfig } from '../../__testUtils__/smallOrg';
import { OrgIndex, trustedLocationCheck } from '../OrgIndex';
import { effectiveAllocation } from './entityAllocation';

const TRUSTED = 'file:/srv/runway/catalog/services.yaml';
const config = smallOrgConfig();

/** A Component of team-b with the given allocation annotation. */
function teamB(name: string, allocation?: string, origin?: string): Entity {
  const entity = component(name, 'team-b');
  entity.metadata.annotations = {
    ...(allocation !== undefined
      ? { 'runway.io/cost-allocation': allocation }
      : {}),
    ...(origin ? { 'backstage.io/managed-by-origin-location': origin } : {}),
  };
  return entity;
}

function allocate(entity: Entity, orgWide = false, extra: Entity[] = []) {
  const org = new OrgIndex(
    [...SMALL_ORG, entity, ...extra],
    config.tagKeys,
    config.sharedServices,
    { isTrusted: trustedLocationCheck([TRUSTED]) },
  );
  return effectiveAllocation({
    entity,
    entityRef: `component:default/${entity.metadata.name}`,
    org,
    tagKeys: config.tagKeys,
    orgWide,
  });
}

describe('effectiveAllocation: an annotation never widens what its owner reads', () => {
  it.each([
    ['environment=production'],
    ['team=team-a'],
    ['team=team-a,environment=production'],
    ['cost-center=4711'],
  ])(
    "refuses '%s' on a developer's Component: its own service tag instead",
    annotation => {
      expect(allocate(teamB('wide', annotation))).toEqual({
        allocation: [{ tag: 'service', value: 'wide' }],
        warnings: [
          `'${annotation}' (runway.io/cost-allocation) selects rows that do not belong to component:default/wide; showing service=wide instead. An allocation is used as written only for entities from a location in catalog.locations, or for readers of every cost report.`,
        ],
      });
    },
  );

  it("refuses another team's service tag, and shows nothing when its own name is taken too", () => {
    // svc-a is team-a's; the impostor is named like svc-b (team-b's own)
    const impostor = teamB('svc-a', 'service=svc-a');
    impostor.metadata.namespace = 'attacker';
    const org = new OrgIndex(
      [...SMALL_ORG, impostor],
      config.tagKeys,
      config.sharedServices,
    );
    expect(
      effectiveAllocation({
        entity: impostor,
        entityRef: 'component:attacker/svc-a',
        org,
        tagKeys: config.tagKeys,
        orgWide: false,
      }),
    ).toEqual({
      allocation: [],
      warnings: [
        "'service=svc-a' (runway.io/cost-allocation) selects rows that do not belong to component:attacker/svc-a; showing no rows. An allocation is used as written only for entities from a location in catalog.locations, or for readers of every cost report.",
      ],
    });
  });

  it('refuses a claim on a shared service value', () => {
    expect(allocate(teamB('mesh', 'service=shared')).allocation).toEqual([
      { tag: 'service', value: 'mesh' },
    ]);
  });

  it.each([
    ['service=svc-new,environment=production'],
    ['team=team-b'],
    ['team=team-b,environment=production'],
    ['service=svc-new,team=team-a'],
  ])("keeps '%s': it selects only the owner's own rows", annotation => {
    const entity = teamB('svc-new', annotation);
    expect(allocate(entity)).toEqual({
      allocation: expect.any(Array),
      warnings: [],
    });
    expect(allocate(entity).allocation.length).toBe(
      annotation.split(',').length,
    );
  });

  it('keeps the default service=<name> of an owner without an annotation', () => {
    expect(allocate(teamB('svc-new'))).toEqual({
      allocation: [{ tag: 'service', value: 'svc-new' }],
      warnings: [],
    });
  });

  it('gives another kind only what its annotation narrows to, never a default', () => {
    const resource = (allocation?: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'bucket',
        namespace: 'default',
        ...(allocation
          ? { annotations: { 'runway.io/cost-allocation': allocation } }
          : {}),
      },
      spec: { type: 's3-bucket', owner: 'team-b' },
    });
    const org = new OrgIndex(SMALL_ORG, config.tagKeys, config.sharedServices);
    const allocationOf = (entity: Entity) =>
      effectiveAllocation({
        entity,
        entityRef: 'resource:default/bucket',
        org,
        tagKeys: config.tagKeys,
        orgWide: false,
      });
    expect(allocationOf(resource())).toEqual({ allocation: [], warnings: [] });
    expect(allocationOf(resource('environment=production'))).toEqual({
      allocation: [],
      warnings: [expect.stringMatching(/showing no rows/)],
    });
    expect(allocationOf(resource('service=bucket-logs')).allocation).toEqual([
      { tag: 'service', value: 'bucket-logs' },
    ]);
  });

  it('uses the annotation as written for a trusted entity or an org-wide reader', () => {
    expect(allocate(teamB('x', 'environment=production', TRUSTED))).toEqual({
      allocation: [{ tag: 'environment', value: 'production' }],
      warnings: [],
    });
    expect(allocate(teamB('x', 'environment=production'), true)).toEqual({
      allocation: [{ tag: 'environment', value: 'production' }],
      warnings: [],
    });
    // a look-alike origin is not trusted
    expect(
      allocate(
        teamB(
          'x',
          'environment=production',
          'url:https://example.com/catalog/services.yaml',
        ),
      ).allocation,
    ).toEqual([{ tag: 'service', value: 'x' }]);
  });
});
