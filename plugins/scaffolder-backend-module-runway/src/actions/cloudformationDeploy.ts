import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ForwardedError, InputError, NotAllowedError } from '@backstage/errors';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  Stack,
} from '@aws-sdk/client-cloudformation';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { examples } from './cloudformationDeploy.examples';
import {
  CloudFormationDeployInput,
  CloudFormationDeployOptions,
  CloudFormationDeployOutput,
} from './cloudformationTypes';

const SUCCESS = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'IMPORT_COMPLETE',
]);
const FAILURE = /(_FAILED|ROLLBACK_COMPLETE|ROLLBACK_FAILED)$/;
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;
/** Tags Runway puts on every stack it creates; it updates no other stack. */
const MANAGED_BY_TAG = 'runway.io/managed-by';
/** The service a Runway stack belongs to (its stack name). */
const SERVICE_TAG = 'runway.io/service';
const IAM_CAPABILITIES = new Set(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/**
 * `aws:cloudformation:deploy`: creates or updates a stack through a change
 * set, waits for it and returns its outputs. A no-op when the template and
 * parameters are unchanged; a failure lists the failed stack events. When AWS
 * is not configured (`runwayTemplates.cloudformation.enabled`), it logs that
 * and skips.
 *
 * Every change set runs with the configured service role (`RoleARN`) and
 * acknowledges no capability unless the template asks for it (IAM ones only
 * when the config allows them). Every stack it creates carries the tags
 * `runway.io/managed-by=runway` and `runway.io/service=<stack name>`, and an
 * existing stack without both is never touched (`NotAllowedError`), so a
 * service named like another stack cannot take it over.
 *
 * @public
 */
export function createCloudFormationDeployAction(
  options: CloudFormationDeployOptions,
): TemplateAction<CloudFormationDeployInput, CloudFormationDeployOutput, 'v2'> {
  if (options.enabled && !options.roleArn) {
    throw new Error(
      'runwayTemplates.cloudformation.roleArn is required when runwayTemplates.cloudformation.enabled is true',
    );
  }
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const waitTimeoutMs = options.waitTimeoutMs ?? 30 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));

  return createTemplateAction({
    id: 'aws:cloudformation:deploy',
    description:
      'Creates or updates a CloudFormation stack through a change set, waits for it and returns its outputs; skipped when AWS is not configured.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        stackName: z =>
          z
            .string()
            .regex(
              /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/,
              'a CloudFormation stack name',
            )
            .describe('Stack name'),
        region: z => z.string().describe('AWS region, e.g. eu-west-1'),
        templateFile: z =>
          z.string().describe('Template file, relative to the workspace'),
        parameters: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe('Stack parameters'),
        tags: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'Stack tags (runway.io/ tags are set by Runway: managed-by and service)',
            ),
        capabilities: z =>
          z
            .array(
              z.enum([
                'CAPABILITY_IAM',
                'CAPABILITY_NAMED_IAM',
                'CAPABILITY_AUTO_EXPAND',
              ]),
            )
            .default([])
            .describe(
              'Acknowledged capabilities (default none; CAPABILITY_IAM and CAPABILITY_NAMED_IAM only when runwayTemplates.cloudformation.allowIamCapabilities is true)',
            ),
      },
      output: {
        skipped: z => z.boolean().describe('true when AWS is not configured'),
        changed: z => z.boolean().describe('false when nothing changed'),
        stackId: z => z.string().optional().describe('The stack ARN'),
        outputs: z =>
          z.record(z.string(), z.string()).describe('Stack outputs by key'),
      },
    },
    async handler(ctx) {
      const {
        stackName,
        region,
        templateFile,
        parameters = {},
        tags = {},
      } = ctx.input;
      const capabilities = ctx.input.capabilities ?? [];
      if (options.region && region !== options.region) {
        throw new InputError(
          `region: stacks are deployed to ${options.region} only (runwayTemplates.aws.region), not ${region}`,
        );
      }
      const templateBody = await fs
        .readFile(resolveSafeChildPath(ctx.workspacePath, templateFile), 'utf8')
        .catch(() => {
          throw new InputError(
            `templateFile: ${templateFile} does not exist in the workspace`,
          );
        });
      if (!options.enabled) {
        ctx.logger.info(
          `AWS is not configured (runwayTemplates.cloudformation.enabled is not true): skipping CloudFormation stack ${stackName} in ${region}`,
        );
        ctx.output('skipped', true);
        ctx.output('changed', false);
        ctx.output('outputs', {});
        return;
      }
      const iam = capabilities.filter(c => IAM_CAPABILITIES.has(c));
      if (iam.length && !options.allowIamCapabilities) {
        throw new InputError(
          `capabilities: ${iam.join(
            ', ',
          )} needs runwayTemplates.cloudformation.allowIamCapabilities: true (it is false, so stacks cannot create IAM resources)`,
        );
      }
      const reserved = Object.keys(tags).find(k => k.startsWith('runway.io/'));
      if (reserved) {
        throw new InputError(
          `tags: ${reserved} is set by Runway (${MANAGED_BY_TAG}, ${SERVICE_TAG})`,
        );
      }
      const stackTags = {
        ...tags,
        [MANAGED_BY_TAG]: 'runway',
        [SERVICE_TAG]: stackName,
      };
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would deploy CloudFormation stack ${stackName} in ${region}`,
        );
        ctx.output('skipped', true);
        ctx.output('changed', false);
        ctx.output('outputs', {});
        return;
      }

      const client = options.clientFactory(region);
      const send = async <T>(command: any): Promise<T> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return (await client.send(command, {
              abortSignal: AbortSignal.timeout(30_000),
            })) as T;
          } catch (error) {
            const name = (error as Error).name;
            if (!THROTTLED.has(name) || attempt >= maxAttempts) throw error;
            const backoff = Math.min(20_000, 500 * 2 ** (attempt - 1));
            await sleep(backoff / 2 + Math.random() * (backoff / 2));
          }
        }
      };
      const describeStack = async (): Promise<Stack | undefined> => {
        try {
          const res = await send<{ Stacks?: Stack[] }>(
            new DescribeStacksCommand({ StackName: stackName }),
          );
          return res.Stacks?.[0];
        } catch (error) {
          if (
            (error as Error).name === 'ValidationError' &&
            /does not exist/.test((error as Error).message)
          ) {
            return undefined;
          }
          throw error;
        }
      };
      const outputsOf = (stack?: Stack) =>
        Object.fromEntries(
          (stack?.Outputs ?? []).map(o => [
            o.OutputKey ?? '',
            o.OutputValue ?? '',
          ]),
        );

      const existing = await describeStack();
      if (existing) {
        // only a stack Runway created for this service, never a foreign one
        const tagOf = (key: string) =>
          existing.Tags?.find(t => t.Key === key)?.Value;
        if (
          tagOf(MANAGED_BY_TAG) !== 'runway' ||
          tagOf(SERVICE_TAG) !== stackName
        ) {
          throw new NotAllowedError(
            `stackName: the stack ${stackName} in ${region} exists and is not Runway's stack of service ${stackName} (it lacks the tags ${MANAGED_BY_TAG}=runway and ${SERVICE_TAG}=${stackName}); Runway updates only stacks it created`,
          );
        }
      }
      const changeSetType =
        !existing || existing.StackStatus === 'REVIEW_IN_PROGRESS'
          ? 'CREATE'
          : 'UPDATE';
      const changeSetName = `runway-${
        ctx.task.id.replace(/[^a-zA-Z0-9-]/g, '').slice(0, 40) || 'deploy'
      }`;

      const changeSetId = await ctx.checkpoint({
        key: `cloudformation.changeset.${stackName}.${changeSetName}`,
        fn: async () => {
          const res = await send<{ Id?: string }>(
            new CreateChangeSetCommand({
              StackName: stackName,
              ChangeSetName: changeSetName,
              ChangeSetType: changeSetType,
              TemplateBody: templateBody,
              Parameters: Object.entries(parameters).map(
                ([ParameterKey, ParameterValue]) => ({
                  ParameterKey,
                  ParameterValue,
                }),
              ),
              Capabilities: capabilities,
              RoleARN: options.roleArn,
              Tags: Object.entries(stackTags).map(([Key, Value]) => ({
                Key,
                Value,
              })),
            }),
          );
          return res.Id ?? changeSetName;
        },
      });
      ctx.logger.info(
        `${
          changeSetType === 'CREATE' ? 'creating' : 'updating'
        } stack ${stackName}: change set ${changeSetName}`,
      );

      const deadline = Date.now() + waitTimeoutMs;
      for (;;) {
        const cs = await send<{ Status?: string; StatusReason?: string }>(
          new DescribeChangeSetCommand({
            StackName: stackName,
            ChangeSetName: changeSetId,
          }),
        );
        if (cs.Status === 'CREATE_COMPLETE') break;
        if (cs.Status === 'FAILED') {
          if (NO_CHANGES.test(cs.StatusReason ?? '')) {
            await send(
              new DeleteChangeSetCommand({
                StackName: stackName,
                ChangeSetName: changeSetId,
              }),
            );
            ctx.logger.info(
              `stack ${stackName} is up to date: nothing to change`,
            );
            ctx.output('skipped', false);
            ctx.output('changed', false);
            if (existing?.StackId) ctx.output('stackId', existing.StackId);
            ctx.output('outputs', outputsOf(existing));
            return;
          }
          throw new InputError(
            `change set ${changeSetName} of stack ${stackName} failed: ${cs.StatusReason}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for change set ${changeSetName}`);
        await sleep(pollIntervalMs);
      }

      await ctx.checkpoint({
        key: `cloudformation.execute.${stackName}.${changeSetName}`,
        fn: async () => {
          await send(
            new ExecuteChangeSetCommand({
              StackName: stackName,
              ChangeSetName: changeSetId,
            }),
          );
        },
      });

      for (;;) {
        const stack = await describeStack();
        const status = stack?.StackStatus ?? 'UNKNOWN';
        if (SUCCESS.has(status)) {
          ctx.logger.info(`stack ${stackName}: ${status}`);
          ctx.output('skipped', false);
          ctx.output('changed', true);
          if (stack?.StackId) ctx.output('stackId', stack.StackId);
          ctx.output('outputs', outputsOf(stack));
          return;
        }
        if (FAILURE.test(status)) {
          const events = await send<{ StackEvents?: any[] }>(
            new DescribeStackEventsCommand({ StackName: stackName }),
          );
          const failed = (events.StackEvents ?? [])
            .filter(e => /_FAILED$/.test(e.ResourceStatus ?? ''))
            .map(
              e =>
                `${e.LogicalResourceId} (${e.ResourceType}) ${e.ResourceStatus}: ${e.ResourceStatusReason}`,
            );
          throw new ForwardedError(
            `stack ${stackName} failed (${status})${
              failed.length ? `:\n${failed.join('\n')}` : ''
            }`,
            new Error(stack?.StackStatusReason ?? status),
          );
        }
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for stack ${stackName} (${status})`,
          );
        await sleep(pollIntervalMs);
      }
    },
  });
}
