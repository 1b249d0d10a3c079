import fs from 'node:fs';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { createCloudFormationDeployAction } from './cloudformationDeploy';
import { examples } from './cloudformationDeploy.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';

const cfn = mockClient(CloudFormationClient);
const TEMPLATE = 'Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n';
const input = exampleSteps(examples)[0].input;

const ROLE = 'arn:aws:iam::111122223333:role/runway-cloudformation';

function setup(
  enabled = true,
  extra: { allowIamCapabilities?: boolean; input?: object } = {},
) {
  const action = createCloudFormationDeployAction({
    enabled,
    roleArn: enabled ? ROLE : undefined,
    allowIamCapabilities: extra.allowIamCapabilities,
    clientFactory: region => new CloudFormationClient({ region }),
    sleep: async () => {},
  });
  const context = mockContext({ ...input, ...extra.input });
  fs.mkdirSync(path.join(context.workspacePath, 'infra'));
  fs.writeFileSync(
    path.join(context.workspacePath, 'infra/cloudformation.yaml'),
    TEMPLATE,
  );
  return { action, ...context };
}

const notFound = Object.assign(
  new Error('Stack with id orders-api does not exist'),
  { name: 'ValidationError' },
);
/** Runway's tags on the stacks it creates for the service orders-api. */
const RUNWAY_TAGS = [
  { Key: 'runway.io/managed-by', Value: 'runway' },
  { Key: 'runway.io/service', Value: 'orders-api' },
];
const stack = (status: string, tags = RUNWAY_TAGS): any => ({
  Stacks: [
    {
      StackName: 'orders-api',
      Tags: tags,
      StackId:
        'arn:aws:cloudformation:eu-west-1:111122223333:stack/orders-api/1',
      StackStatus: status,
      CreationTime: new Date(0),
      Outputs: [
        {
          OutputKey: 'RepositoryUri',
          OutputValue:
            '111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api',
        },
      ],
    },
  ],
});

const expectedChangeSet = (type: 'CREATE' | 'UPDATE') => ({
  StackName: 'orders-api',
  ChangeSetName: 'runway-task-1',
  ChangeSetType: type,
  TemplateBody: TEMPLATE,
  Parameters: [{ ParameterKey: 'ServiceName', ParameterValue: 'orders-api' }],
  Capabilities: [],
  RoleARN: ROLE,
  Tags: [
    { Key: 'service', Value: 'orders-api' },
    { Key: 'team', Value: 'team-checkout' },
    ...RUNWAY_TAGS,
  ],
});

beforeEach(() => cfn.reset());

describe('aws:cloudformation:deploy', () => {
  it('creates a stack through a change set and returns its outputs (the example)', async () => {
    const { action, ctx, outputs } = setup();
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves(stack('CREATE_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1' });
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_IN_PROGRESS' })
      .resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    await action.handler(ctx);
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input).toEqual(
      expectedChangeSet('CREATE'),
    );
    expect(cfn.commandCalls(DescribeChangeSetCommand)).toHaveLength(2);
    expect(cfn.commandCalls(ExecuteChangeSetCommand)[0].args[0].input).toEqual({
      StackName: 'orders-api',
      ChangeSetName: 'cs-1',
    });
    expect(outputs).toEqual({
      skipped: false,
      changed: true,
      stackId:
        'arn:aws:cloudformation:eu-west-1:111122223333:stack/orders-api/1',
      outputs: {
        RepositoryUri:
          '111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api',
      },
    });
  });

  it('updates an existing stack', async () => {
    const { action, ctx, outputs } = setup();
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stack('CREATE_COMPLETE'))
      .resolvesOnce(stack('UPDATE_IN_PROGRESS'))
      .resolves(stack('UPDATE_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-2' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    await action.handler(ctx);
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input).toEqual(
      expectedChangeSet('UPDATE'),
    );
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(3);
    expect(outputs.changed).toBe(true);
  });

  it('is a no-op when nothing changed: deletes the empty change set, executes nothing', async () => {
    const { action, ctx, outputs } = setup();
    cfn.on(DescribeStacksCommand).resolves(stack('UPDATE_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-3' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    cfn.on(DeleteChangeSetCommand).resolves({});
    await action.handler(ctx);
    expect(cfn.commandCalls(DeleteChangeSetCommand)[0].args[0].input).toEqual({
      StackName: 'orders-api',
      ChangeSetName: 'cs-3',
    });
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(outputs.changed).toBe(false);
    expect(outputs.outputs).toEqual({
      RepositoryUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api',
    });
  });

  it('fails with the failed stack events in the error', async () => {
    const { action, ctx } = setup();
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves(stack('ROLLBACK_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-4' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          StackId: 's',
          StackName: 'orders-api',
          EventId: '1',
          Timestamp: new Date(0),
          LogicalResourceId: 'orders-api',
          ResourceType: 'AWS::CloudFormation::Stack',
          ResourceStatus: 'ROLLBACK_COMPLETE',
        },
        {
          StackId: 's',
          StackName: 'orders-api',
          EventId: '2',
          Timestamp: new Date(0),
          LogicalResourceId: 'Repository',
          ResourceType: 'AWS::ECR::Repository',
          ResourceStatus: 'CREATE_FAILED',
          ResourceStatusReason:
            'Resource of type AWS::ECR::Repository with identifier orders-api already exists.',
        },
      ],
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /stack orders-api failed \(ROLLBACK_COMPLETE\):\nRepository \(AWS::ECR::Repository\) CREATE_FAILED: Resource of type AWS::ECR::Repository with identifier orders-api already exists\./,
    );
    expect(
      cfn.commandCalls(DescribeStackEventsCommand)[0].args[0].input,
    ).toEqual({ StackName: 'orders-api' });
  });

  it('retries throttled calls with backoff, then succeeds', async () => {
    const { action, ctx, outputs } = setup();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
    });
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .rejectsOnce(notFound)
      .resolves(stack('CREATE_COMPLETE'));
    cfn
      .on(CreateChangeSetCommand)
      .rejectsOnce(throttled)
      .resolves({ Id: 'cs-5' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    await action.handler(ctx);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(4);
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(2);
    expect(cfn.commandCalls(CreateChangeSetCommand)[1].args[0].input).toEqual(
      expectedChangeSet('CREATE'),
    );
    expect(outputs.changed).toBe(true);
  });

  it('gives up after five throttled attempts', async () => {
    const { action, ctx } = setup();
    cfn
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }),
      );
    await expect(action.handler(ctx)).rejects.toThrow('Rate exceeded');
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(5);
  });

  it('skips with a log line when AWS is not configured', async () => {
    const { action, ctx, outputs, logger } = setup(false);
    await action.handler(ctx);
    expect(cfn.calls()).toHaveLength(0);
    expect(logger.info).toHaveBeenCalledWith(
      'AWS is not configured (runwayTemplates.cloudformation.enabled is not true): skipping CloudFormation stack orders-api in eu-west-1',
    );
    expect(outputs).toEqual({ skipped: true, changed: false, outputs: {} });
  });
});

describe('aws:cloudformation:deploy and the configured region', () => {
  it('refuses another region than runwayTemplates.aws.region, calling nothing', async () => {
    const action = createCloudFormationDeployAction({
      enabled: true,
      roleArn: ROLE,
      region: 'eu-central-1',
      clientFactory: region => new CloudFormationClient({ region }),
      sleep: async () => {},
    });
    const { ctx } = mockContext({ ...input, region: 'us-east-1' });
    fs.mkdirSync(path.join(ctx.workspacePath, 'infra'));
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'infra/cloudformation.yaml'),
      TEMPLATE,
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'region: stacks are deployed to eu-central-1 only (runwayTemplates.aws.region), not us-east-1',
    );
    expect(cfn.calls()).toHaveLength(0);
  });
});

describe("aws:cloudformation:deploy and stacks that are not Runway's", () => {
  it("refuses to update an existing stack without Runway's tags, changing nothing", async () => {
    for (const tags of [
      [],
      [{ Key: 'service', Value: 'orders-api' }],
      // Runway's stack of another service
      [RUNWAY_TAGS[0], { Key: 'runway.io/service', Value: 'payments-api' }],
    ]) {
      cfn.reset();
      const { action, ctx } = setup();
      cfn.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE', tags));
      cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-x' });
      await expect(action.handler(ctx)).rejects.toThrow(
        /^stackName: the stack orders-api in eu-west-1 exists and is not Runway's stack of service orders-api/,
      );
      expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
      expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    }
  });

  it('refuses a stack in review that another change set created', async () => {
    const { action, ctx } = setup();
    cfn.on(DescribeStacksCommand).resolves(stack('REVIEW_IN_PROGRESS', []));
    await expect(action.handler(ctx)).rejects.toThrow(
      /^stackName: the stack orders-api in eu-west-1 exists and is not Runway's/,
    );
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it("creates with the configured service role, no capabilities and Runway's tags by default", async () => {
    const { action, ctx } = setup();
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves(stack('CREATE_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-6' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    await action.handler(ctx);
    const sent = cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input;
    expect(sent.RoleARN).toBe(ROLE);
    expect(sent.Capabilities).toEqual([]);
    expect(sent.Tags).toEqual(expect.arrayContaining(RUNWAY_TAGS));
  });

  it('acknowledges IAM capabilities only when the config allows them (the second example)', async () => {
    const asks = { input: exampleSteps(examples)[1].input };
    const refused = setup(true, asks);
    await expect(refused.action.handler(refused.ctx)).rejects.toThrow(
      'capabilities: CAPABILITY_NAMED_IAM needs runwayTemplates.cloudformation.allowIamCapabilities: true',
    );
    expect(cfn.calls()).toHaveLength(0);

    const allowed = setup(true, { ...asks, allowIamCapabilities: true });
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(notFound)
      .resolves(stack('CREATE_COMPLETE'));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-7' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    await allowed.action.handler(allowed.ctx);
    expect(
      cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.Capabilities,
    ).toEqual(['CAPABILITY_NAMED_IAM']);
  });

  it("refuses a template's tag in Runway's namespace, naming it", async () => {
    const { action, ctx } = setup(true, {
      input: { tags: { 'runway.io/service': 'payments-api' } },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'tags: runway.io/service is set by Runway',
    );
    expect(cfn.calls()).toHaveLength(0);
  });

  it('refuses to be enabled without a service role, naming the key', () => {
    expect(() =>
      createCloudFormationDeployAction({
        enabled: true,
        clientFactory: region => new CloudFormationClient({ region }),
      }),
    ).toThrow(/runwayTemplates\.cloudformation\.roleArn/);
  });
});
