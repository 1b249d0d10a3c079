import { WORKLOAD_LABELS } from '../annotations';
import { belongsTo, blocksEvictions, hpaSummary, revisionOf } from './objects';

describe('object helpers', () => {
  it('hpaSummary: at max by desired or current replicas', () => {
    const h = {
      metadata: { name: 'x', namespace: 'n' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'x' },
        maxReplicas: 4,
      },
      status: { currentReplicas: 3, desiredReplicas: 4 },
    };
    expect(hpaSummary(h).atMax).toBe(true);
    expect(
      hpaSummary({ ...h, status: { currentReplicas: 3, desiredReplicas: 3 } })
        .atMax,
    ).toBe(false);
  });

  it('blocksEvictions: a PDB that expects pods and allows no disruption', () => {
    const pdb = (expectedPods: number, disruptionsAllowed: number) => ({
      metadata: { name: 'p' },
      status: { expectedPods, disruptionsAllowed },
    });
    expect(blocksEvictions(pdb(2, 0))).toBe(true);
    expect(blocksEvictions(pdb(2, 1))).toBe(false);
    expect(blocksEvictions(pdb(0, 0))).toBe(false);
  });

  it('belongsTo matches the kubernetes-id or the name label', () => {
    expect(belongsTo({ [WORKLOAD_LABELS.kubernetesId]: 'a' }, 'a')).toBe(true);
    expect(belongsTo({ [WORKLOAD_LABELS.name]: 'a' }, 'a')).toBe(true);
    expect(belongsTo({ [WORKLOAD_LABELS.name]: 'b' }, 'a')).toBe(false);
    expect(belongsTo(undefined, 'a')).toBe(false);
  });

  it('revisionOf reads the deployment revision annotation', () => {
    expect(
      revisionOf({ annotations: { 'deployment.kubernetes.io/revision': '3' } }),
    ).toBe(3);
    expect(revisionOf({})).toBeUndefined();
  });
});
