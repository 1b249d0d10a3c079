/** Types of the `aws:cloudformation:deploy` action. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** Options of `createCloudFormationDeployAction`. @public */
export type CloudFormationDeployOptions = {
  /** false: AWS is not configured; the action logs that and does nothing. */
  enabled: boolean;
  /**
   * The only region stacks may be deployed to (`runwayTemplates.aws.region`);
   * another `region` input is refused, naming the key. Unset: any region.
   */
  region?: string;
  /**
   * The CloudFormation service role every change set runs with
   * (`runwayTemplates.cloudformation.roleArn`), so stacks get that role's
   * rights, not Runway's. Required when `enabled`.
   */
  roleArn?: string;
  /**
   * Whether a template may acknowledge `CAPABILITY_IAM` /
   * `CAPABILITY_NAMED_IAM` (`runwayTemplates.cloudformation.allowIamCapabilities`).
   * Default false.
   */
  allowIamCapabilities?: boolean;
  /** A client for a region (credentials from the AWS credentials manager). */
  clientFactory: (region: string) => CloudFormationClient;
  /** Time between status polls (ms). */
  pollIntervalMs?: number;
  /** Longest wait for a change set or stack operation (ms). */
  waitTimeoutMs?: number;
  /** Attempts of a throttled call before giving up. */
  maxAttempts?: number;
  /** Sleep (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
};

/**
 * A capability a stack may acknowledge (`capabilities` of
 * `aws:cloudformation:deploy`).
 *
 * @public
 */
export type CloudFormationCapability =
  | 'CAPABILITY_IAM'
  | 'CAPABILITY_NAMED_IAM'
  | 'CAPABILITY_AUTO_EXPAND';

/**
 * The input of `aws:cloudformation:deploy`.
 *
 * @public
 */
export type CloudFormationDeployInput = {
  /** Stack name. */
  stackName: string;
  /** AWS region, e.g. eu-west-1. */
  region: string;
  /** Template file, relative to the workspace. */
  templateFile: string;
  /** Acknowledged capabilities (none by default). */
  capabilities: CloudFormationCapability[];
  /** Stack parameters. */
  parameters?: Record<string, string>;
  /** Stack tags (`runway.io/` tags are Runway's). */
  tags?: Record<string, string>;
};

/**
 * The output of `aws:cloudformation:deploy`.
 *
 * @public
 */
export type CloudFormationDeployOutput = {
  /** true when AWS is not configured, or on a dry run. */
  skipped: boolean;
  /** false when nothing changed. */
  changed: boolean;
  /** Stack outputs by key. */
  outputs: Record<string, string>;
  /** The stack ARN. */
  stackId?: string;
};
