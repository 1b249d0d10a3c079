export interface Config {
  /** Runway's software templates (@runway/plugin-scaffolder-backend-module-runway). */
  runwayTemplates?: {
    /**
     * The AWS account and region the templates render into what they
     * generate (ECR registry, stacks, service roles, the CI's AWS_REGION).
     * Required: start-up fails, naming the key, when missing or malformed.
     */
    aws?: {
      /**
       * The workloads account of the services' ECR repositories, roles and
       * stacks: 12 digits, as a string (quote it in YAML). No default.
       */
      accountId?: string;
      /**
       * The region of the stacks, the ECR registry and the EKS clusters
       * (e.g. eu-west-1); aws:cloudformation:deploy refuses any other.
       * No default.
       */
      region?: string;
    };
    /**
     * The services' DNS domain: a public service is reachable at
     * `<name>.<domain>` in production and `<name>.staging.<domain>` in
     * staging. Required; no default.
     */
    domain?: string;
    /**
     * The EKS cluster of each environment the golden path deploys to. Each
     * generated stack creates one EKS Pod Identity association per cluster
     * (namespace = environment name) and the service role's trust policy
     * names these clusters. Both environments are required; another
     * environment name fails start-up.
     */
    environments?: {
      staging?: {
        /** Name of the staging EKS cluster (e.g. eks-staging-euw1). */
        cluster?: string;
      };
      production?: {
        /** Name of the production EKS cluster (e.g. eks-production-euw1). */
        cluster?: string;
      };
    };
    publish?: {
      /**
       * Where templates publish new repositories. `local` (development):
       * bare git repositories on this machine, registered in the catalog by
       * `runway:publish:local`. `github` / `gitlab` (production): the
       * production template's `runway:publish:target` step makes its
       * `publish:github` / `publish:gitlab` step run (see
       * templates/README.md) and `runway:publish:local` is not offered.
       * Any other value fails start-up. Default: local.
       */
      provider?: 'local' | 'github' | 'gitlab';
      local?: {
        /**
         * Folder of the bare repositories, relative to the backend's
         * working folder. Default: ../../.runway/repos
         */
        directory?: string;
      };
      /**
       * Default owner of new repositories (github / gitlab): a GitHub
       * organisation or user, or a GitLab group path such as payments/core.
       * The template form's owner, when given, wins. An owner the provider
       * would refuse fails start-up. No default.
       */
      owner?: string;
      /**
       * Host of the GitHub / GitLab integration new repositories go to; it
       * must be the host of an `integrations.github` / `integrations.gitlab`
       * entry (github.com and gitlab.com are always known), or start-up
       * fails. Default: github.com / gitlab.com.
       */
      host?: string;
    };
    cloudformation?: {
      /**
       * Whether aws:cloudformation:deploy talks to AWS (credentials from the
       * `aws` config through DefaultAwsCredentialsManager). false: the step
       * logs that AWS is not configured and skips. Default: false.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * ARN of the CloudFormation service role
       * (arn:aws:iam::<account>:role/<name>) that every change set of
       * aws:cloudformation:deploy runs with (`RoleARN`): stacks are created
       * and updated with that role's rights, not with Runway's credentials,
       * which need only the CloudFormation calls and `iam:PassRole` on this
       * role. Required when `enabled` is true: start-up fails, naming this
       * key, without it or with a value that is not an IAM role ARN.
       * No default.
       * @visibility backend
       */
      roleArn?: string;
      /**
       * Whether a template may acknowledge CAPABILITY_IAM or
       * CAPABILITY_NAMED_IAM (the `capabilities` input), that is, deploy a
       * stack that creates IAM roles, users or policies. false: such a step
       * is refused, naming this key. The service role's own policy (for
       * example a required permissions boundary) still limits what those
       * IAM resources may do. Default: false.
       * @visibility backend
       */
      allowIamCapabilities?: boolean;
    };
  };
}
