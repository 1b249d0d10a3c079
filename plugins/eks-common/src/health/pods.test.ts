import { Pod } from '../kube';
import { podProblem } from './pods';

describe('podProblem', () => {
  it('ignores healthy pods', () => {
    expect(
      podProblem({
        metadata: { name: 'ok' },
        status: {
          phase: 'Running',
          containerStatuses: [
            { name: 'c', ready: true, restartCount: 0, state: { running: {} } },
          ],
        },
      }),
    ).toBeUndefined();
  });

  it('names the Deployment behind the ReplicaSet that owns a failed pod', () => {
    const pod: Pod = {
      metadata: {
        name: 'api-1',
        namespace: 'n',
        ownerReferences: [{ kind: 'ReplicaSet', name: 'api-abc' }],
      },
      status: { phase: 'Failed' },
    };
    const replicaSets = [
      {
        metadata: {
          name: 'api-abc',
          namespace: 'n',
          ownerReferences: [{ kind: 'Deployment', name: 'api' }],
        },
      },
    ];
    expect(podProblem(pod, replicaSets)).toEqual({
      namespace: 'n',
      name: 'api-1',
      node: undefined,
      owner: 'Deployment/api',
      reason: 'Failed',
      restarts: 0,
    });
    expect(podProblem(pod)?.owner).toBe('ReplicaSet/api-abc');
  });
});
