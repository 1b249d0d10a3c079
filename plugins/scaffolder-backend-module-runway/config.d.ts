export interface Config {
  /** Runway's software templates (@runway/plugin-scaffolder-backend-module-runway). */
  runwayTemplates?: {
    publish?: {
      /**
       * Where templates publish new repositories. `local` (development):
       * bare git repositories on this machine, registered in the catalog by
       * `runway:publish:local`. `github` / `gitlab` (production): the
       * template's publish step is `publish:github` / `publish:gitlab`
       * (see templates/README.md) and `runway:publish:local` is not offered.
       * Default: local.
       */
      provider?: 'local' | 'github' | 'gitlab';
      local?: {
        /**
         * Folder of the bare repositories, relative to the backend's
         * working folder. Default: ../../.runway/repos
         */
        directory?: string;
      };
      /** GitHub organisation or GitLab group of new repositories (github / gitlab). */
      owner?: string;
      /** Host of the GitHub / GitLab integration, e.g. github.com. */
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
