import {
  controlPlaneAvailable,
  eksConfigFor,
  startLocalCluster,
} from '../../harness/kube';
import type { E2eService } from './types';

/**
 * The two sample clusters as real local control planes (scripts/k8s), with
 * the backend's eks config pointing at them (read-only tokens, their CAs).
 * Node groups and insights come from the sample EKS data source.
 */
const eks: E2eService = {
  name: 'eks',
  async start() {
    const missing = controlPlaneAvailable();
    if (missing) {
      throw new Error(`EKS e2e needs the local control plane: ${missing}`);
    }
    const clusters = await Promise.all([
      startLocalCluster('eks-staging-euw1'),
      startLocalCluster('eks-production-euw1'),
    ]);
    return {
      config: {
        eks: eksConfigFor(clusters),
      },
      async stop() {
        await Promise.all(clusters.map(c => c.stop()));
      },
    };
  },
};

export default eks;
