export interface Config {
  /** Runway's software templates (@runway/plugin-scaffolder-backend-module-runway). */
  runwayTemplates?: {
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
       */
      enabled?: boolean;
    };
  };
}
