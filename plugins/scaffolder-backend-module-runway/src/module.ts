import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCloudFormationDeployAction } from './actions/cloudformationDeploy';
import { createPublishLocalAction } from './actions/publishLocal';
import { createSloRulesAction } from './actions/sloRules';
import { createValidateAction } from './actions/validate';
import { createAdrCreateAction } from './actions/adrCreate';
import { createDocsCheckoutAction } from './actions/docsCheckout';
import { createDocsCommitAction } from './actions/docsCommit';
import { createRunbookSectionAction } from './actions/runbookSection';

/**
 * Runway's scaffolder actions: `runway:template:validate`,
 * `runway:publish:local`, `aws:cloudformation:deploy` and `runway:slo:rules`.
 *
 * @public
 */
export const scaffolderModuleRunway = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'runway',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, auth, logger }) {
        const settings = config.getOptionalConfig('runwayTemplates');
        const provider =
          settings?.getOptionalString('publish.provider') ?? 'local';
        if (!['local', 'github', 'gitlab'].includes(provider)) {
          throw new Error(
            `runwayTemplates.publish.provider must be local, github or gitlab (got "${provider}")`,
          );
        }
        // Relative to the backend's working folder (packages/backend).
        const directory = path.resolve(
          settings?.getOptionalString('publish.local.directory') ??
            '../../.runway/repos',
        );
        const cloudformationEnabled =
          settings?.getOptionalBoolean('cloudformation.enabled') ?? false;
        const credentials = cloudformationEnabled
          ? DefaultAwsCredentialsManager.fromConfig(config)
          : undefined;

        const actions = [
          createValidateAction({ catalog, auth }),
          createSloRulesAction({
            appBaseUrl: config.getString('app.baseUrl'),
          }),
          createCloudFormationDeployAction({
            enabled: cloudformationEnabled,
            clientFactory: region =>
              new CloudFormationClient({
                region,
                maxAttempts: 5,
                credentialDefaultProvider: () => async () => {
                  const awsProvider =
                    await credentials!.getCredentialProvider();
                  return awsProvider.sdkCredentialProvider();
                },
              }),
          }),
        ];
        if (provider === 'local') {
          actions.push(
            createPublishLocalAction({ catalog, auth, directory }) as any,
          );
          logger.info(`runway:publish:local publishes to ${directory}`);
        } else {
          logger.info(
            `runwayTemplates.publish.provider is ${provider}: runway:publish:local is not registered; templates publish with publish:${provider}`,
          );
        }
        // Docs templates (templates/new-adr, templates/new-runbook-section)
        actions.push(
          createAdrCreateAction() as any,
          createRunbookSectionAction() as any,
          createDocsCheckoutAction({ catalog, auth, directory }) as any,
          createDocsCommitAction({ directory }) as any,
        );
        scaffolder.addActions(...(actions as any[]));
      },
    });
  },
});
