export interface Config {
  /** Runway's template upgrades (@runway/plugin-template-upgrades-backend). */
  templateUpgrades?: {
    /**
     * Minutes between two checks of the fleet: the organisation's templates
     * are archived when their version changed, every service's drift from
     * its recorded version is computed again, owners are told when their
     * service falls behind, and (with the sweep) upgrades are opened.
     * From 1 to 1440. Default: 30.
     */
    checkMinutes?: number;
    sweep?: {
      /**
       * Whether each check opens an upgrade pull request for every service
       * behind its template's newest version that has none for that version
       * yet (never twice for one service and version). Default: false.
       */
      enabled?: boolean;
    };
  };
}
