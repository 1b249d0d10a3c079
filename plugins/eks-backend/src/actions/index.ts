import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { EksReads } from '../service/reads';
import { callerCheck } from './caller';
import { registerClusterOverviewAction } from './clusterOverviewAction';
import { registerServiceHealthAction } from './serviceHealthAction';

/**
 * Registers the EKS backend's actions (exposed to MCP clients by the MCP
 * actions backend): `service-health` and `cluster-overview`. Each makes the
 * same read, with the same checks, as the route it summarises.
 */
export function registerEksActions(options: {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  reads: EksReads;
}): void {
  const { actionsRegistry, reads } = options;
  const caller = callerCheck(options.auth);
  registerServiceHealthAction({ actionsRegistry, reads, caller });
  registerClusterOverviewAction({ actionsRegistry, reads, caller });
}
