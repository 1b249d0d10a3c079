export interface Config {
  /** Runway's own settings. */
  runway?: {
    permissions?: {
      /**
       * Entity refs (groups, or single users) that hold each role. A user
       * holds a role when one of these refs is among its ownership refs
       * (its own ref and the groups it is a direct member of). Refs without
       * a kind are groups; without a namespace, `default`.
       */
      roles?: {
        /** Defaults to group:default/team-payments and group:default/team-checkout. */
        developer?: string[];
        /** Defaults to group:default/platform-ops. */
        ops?: string[];
        /** Defaults to group:default/finance. */
        manager?: string[];
      };
    };
  };
}
