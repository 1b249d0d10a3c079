import { Entity } from '@backstage/catalog-model';
import {
  CONFLICTING_CLAIMS_KEY,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { component } from '../__testUtils__/entities';
import { SMALL_ORG, smallOrgConfig } from '../__testUtils__/smallOrg';
import { OrgIndex, trustedLocationCheck } from './OrgIndex';

const TRUSTED = 'file:/srv/runway/catalog/services.yaml';
const config = smallOrgConfig();

/** A Component read from `location` (the catalog sets this annotation). */
function from(location: string, entity: Entity): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  };
}

/** team-b's Component claiming team-a's service tag `svc-a`. */
const impostor = component('svc-a-metrics', 'team-b');
impostor.metadata.annotations = {
  'runway.io/cost-allocation': 'service=svc-a',
};

function index(entities: Entity[]) {
  return new OrgIndex(entities, config.tagKeys, config.sharedServices, {
    isTrusted: trustedLocationCheck([TRUSTED]),
  });
}

describe('OrgIndex service tag claims', () => {
  it('gives an unclaimed tag to its one claimant', () => {
    const org = index(SMALL_ORG);
    expect(org.serviceOwner('svc-a')).toBe('component:default/svc-a');
    expect(org.teamKey('', 'svc-a')).toBe('team-a');
    expect(org.conflictWarnings()).toEqual([]);
  });

  it.each([
    ['after', [...SMALL_ORG, impostor]],
    ['before', [impostor, ...SMALL_ORG]],
  ])(
    "never moves a team's spend to a second claimant read %s it; both untrusted: a reported conflict",
    (_order, entities) => {
      const org = index(entities);
      expect(org.serviceOwner('svc-a')).toBeUndefined();
      expect(org.teamKey('', 'svc-a')).toBe(CONFLICTING_CLAIMS_KEY);
      // the impostor's team does not gain the tag, nor does anyone else
      expect(org.groupFilter('group:default/team-b').services).toEqual([
        'svc-b',
      ]);
      expect(org.groupFilter('group:default/team-a').services).toEqual([]);
      expect(org.label('service', 'svc-a')).toEqual({
        label: 'svc-a (conflicting claims)',
      });
      expect(org.isUnallocated('', 'svc-a')).toBe(true);
      expect(org.conflictWarnings()).toEqual([
        `Service tag 'svc-a' is claimed by component:default/svc-a, component:default/svc-a-metrics; its spend is shown as ${CONFLICTING_CLAIMS_KEY} until one claim remains or one claimant comes from a location in catalog.locations`,
      ]);
      // drilling into the bucket selects exactly the conflicting tags
      expect(org.teamFilter(CONFLICTING_CLAIMS_KEY)).toEqual({
        teams: [],
        services: ['svc-a'],
        includes: [],
      });
    },
  );

  it.each([
    ['after', (e: Entity[]) => [...e, impostor]],
    ['before', (e: Entity[]) => [impostor, ...e]],
  ])(
    'gives the tag to the claimant from a trusted location (impostor read %s it)',
    (_order, arrange) => {
      const org = index(
        arrange(
          SMALL_ORG.map(e =>
            e.metadata.name === 'svc-a' ? from(TRUSTED, e) : e,
          ),
        ),
      );
      expect(org.serviceOwner('svc-a')).toBe('component:default/svc-a');
      expect(org.teamKey('', 'svc-a')).toBe('team-a');
      expect(org.groupFilter('group:default/team-a').services).toEqual([
        'svc-a',
      ]);
      expect(org.groupFilter('group:default/team-b').services).toEqual([
        'svc-b',
      ]);
      expect(org.conflictWarnings()).toEqual([]);
    },
  );

  it('does not trust an origin location outside catalog.locations', () => {
    const org = index([
      ...SMALL_ORG,
      from('url:https://github.com/someone/repo/catalog-info.yaml', impostor),
    ]);
    expect(org.teamKey('', 'svc-a')).toBe(CONFLICTING_CLAIMS_KEY);
  });

  it('lets nobody claim a shared service value', () => {
    const shared = component('mesh', 'team-b');
    shared.metadata.annotations = {
      'runway.io/cost-allocation': 'service=shared',
    };
    const org = index([...SMALL_ORG, shared]);
    expect(org.serviceOwner('shared')).toBeUndefined();
    expect(org.groupFilter('group:default/team-b').services).toEqual(['svc-b']);
    expect(org.teamKey('', 'shared')).toBe('(shared)');
    expect(org.teamKey('', 'nobody')).toBe(UNALLOCATED_KEY);
  });
});
