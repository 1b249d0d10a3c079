import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  createTemplateGlobalValue,
  scaffolderTemplatingExtensionPoint,
} from '@backstage/plugin-scaffolder-node/alpha';
import { trustedOriginsFromConfig } from '@runway/backend-common';
import { createCloudFormationDeployAction } from './actions/cloudformationDeploy';
import { createPublishLocalAction } from './actions/publishLocal';
import { createSloRulesAction } from './actions/sloRules';
import { createValidateAction } from './actions/validate';
import { createAdrCreateAction } from './actions/adrCreate';
import { createDocsCheckoutAction } from './actions/docsCheckout';
import { createDocsCommitAction } from './actions/docsCommit';
import { createPublishTargetAction } from './actions/publishTarget';
import { createRunbookSectionAction } from './actions/runbookSection';
import { registerCreateServiceDryRunAction } from './actions/createServiceDryRun';
import { readRunwayTemplatesConfig } from './config';
import { LocalRepositoriesProvider } from './LocalRepositoriesProvider';

/**
 * The scaffolder module with Runway's actions: `runway:template:validate`,
 * `runway:slo:rules`, `aws:cloudformation:deploy`, `runway:publish:target`
 * (GitHub or GitLab, from `runwayTemplates.publish`), the docs actions, and
 * `runway:publish:local` when local repositories are enabled; the template
 * global `runwayPlatform` (account, region, domain and clusters from
 * `runwayTemplates`); and, in the actions registry (MCP),
 * `create-service-dry-run`.
 *
 * @public
 */
export function createScaffolderModuleRunway(options: {
  localRepositories?: LocalRepositoriesProvider;
  directory?: string;
}) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'runway',
    register({ registerInit }) {
      registerInit({
        deps: {
          scaffolder: scaffolderActionsExtensionPoint,
          templating: scaffolderTemplatingExtensionPoint,
          config: coreServices.rootConfig,
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          permissions: coreServices.permissions,
          logger: coreServices.logger,
          discovery: coreServices.discovery,
          actionsRegistry: actionsRegistryServiceRef,
        },
        async init({
          scaffolder,
          templating,
          config,
          catalog,
          auth,
          permissions,
          logger,
          discovery,
          actionsRegistry,
        }) {
          // fails start-up, naming the key, on a bad runwayTemplates.publish
          // or runwayTemplates.cloudformation (enabled without a roleArn), or
          // a missing account, region, domain or cluster
          const {
            publish: publishSettings,
            integrationHosts,
            cloudformation,
            appBaseUrl,
            platform,
          } = readRunwayTemplatesConfig(config);
          // ${{ runwayPlatform.aws.region }} and so on, in template steps
          // and in the files fetch:template renders
          templating.addTemplateGlobals([
            createTemplateGlobalValue({
              id: 'runwayPlatform',
              value: platform,
              description:
                "Runway's platform (runwayTemplates config): aws.accountId, aws.region, domain, environments.staging.cluster, environments.production.cluster",
            }),
          ]);
          const credentials = cloudformation.enabled
            ? DefaultAwsCredentialsManager.fromConfig(config)
            : undefined;

          const actions: TemplateAction<any, any, any>[] = [
            createValidateAction({ catalog, auth }),
            // the production template's choice of publish:github / publish:gitlab
            createPublishTargetAction({ settings: publishSettings }),
            createSloRulesAction({ appBaseUrl }),
            createCloudFormationDeployAction({
              enabled: cloudformation.enabled,
              region: platform.aws.region,
              roleArn: cloudformation.roleArn,
              allowIamCapabilities: cloudformation.allowIamCapabilities,
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
          if (options.localRepositories && options.directory) {
            actions.push(
              createPublishLocalAction({
                catalog,
                auth,
                directory: options.directory,
                catalogRefresh: () => options.localRepositories!.refresh(),
              }),
            );
            logger.info(
              `runway:publish:local publishes to ${options.directory}`,
            );
          } else {
            logger.info(
              publishSettings.provider === 'local'
                ? 'runway:publish:local is not registered (no local repositories folder)'
                : `runwayTemplates.publish.provider is ${publishSettings.provider}: runway:publish:local is not registered; the production template publishes with publish:${publishSettings.provider} to ${publishSettings.host}`,
            );
          }
          // Docs templates (templates/new-adr, templates/new-runbook-section)
          actions.push(
            createAdrCreateAction(),
            createRunbookSectionAction(),
            createDocsCheckoutAction({
              catalog,
              auth,
              directory: options.localRepositories
                ? options.directory
                : undefined,
              integrationHosts,
            }),
          );
          if (options.localRepositories && options.directory) {
            actions.push(
              createDocsCommitAction({ directory: options.directory }),
            );
          }
          scaffolder.addActions(...actions);

          // scaffolder:create-service-dry-run (MCP: the golden path's dry
          // run for a caller who may create a service from it, through
          // POST /v2/dry-run as Runway), for templates of the configured
          // catalog.locations only
          registerCreateServiceDryRunAction({
            actionsRegistry,
            catalog,
            auth,
            permissions,
            discovery,
            trustedOrigins: trustedOriginsFromConfig(config),
          });
        },
      });
    },
  });
}
