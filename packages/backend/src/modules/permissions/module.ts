import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { RunwayPermissionPolicy } from './policy';
import { readRoleBindings } from './roles';

/**
 * Installs {@link RunwayPermissionPolicy} in the permission backend.
 *
 * @public
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'runway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          new RunwayPermissionPolicy({
            bindings: readRoleBindings(config),
            getUserInfo: user => userInfo.getUserInfo(user.credentials),
          }),
        );
      },
    });
  },
});
