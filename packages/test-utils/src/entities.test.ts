import { component, group, sampleOrganisation, SAMPLE_SERVICES } from '.';

describe('catalog fixtures', () => {
  it('builds a Component with its ownedBy relation on request', () => {
    expect(component('payments-api', 'team-payments')).not.toHaveProperty(
      'relations',
    );
    expect(
      component('payments-api', 'team-payments', { ownedBy: true }).relations,
    ).toEqual([{ type: 'ownedBy', targetRef: 'group:default/team-payments' }]);
  });

  it('builds a Group with its parent and children', () => {
    expect(group('team-payments', 'runway-org').spec).toEqual({
      type: 'team',
      parent: 'runway-org',
      children: [],
    });
  });

  it('serves the sample organisation with annotated services', () => {
    const org = sampleOrganisation(name => ({
      'backstage.io/kubernetes-id': name,
    }));
    expect(org.filter(e => e.kind === 'Group')).toHaveLength(5);
    const services = org.filter(e => e.kind === 'Component');
    expect(services.map(e => e.metadata.name)).toEqual(
      SAMPLE_SERVICES.map(s => s.name),
    );
    expect(services[3].metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'payments-api',
    });
    expect(services[3].spec?.owner).toBe('team-payments');
  });
});
