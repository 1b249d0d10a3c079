export interface Config {
  /** Runway Decisions: ADRs and runbook freshness from every entity's TechDocs source. */
  decisions?: {
    /**
     * Runbooks unchanged for longer than this many days are listed as stale
     * on the docs health view. Default 180.
     */
    runbookMaxAgeDays?: number;
    /**
     * How often the ADR and runbook index is rebuilt from the entities'
     * sources though no entity changed, in minutes (fractions allowed). A
     * change of the entities with docs is indexed within 30 seconds. The
     * rebuild runs on one replica per cadence (a global scheduled task) and
     * is stored in the plugin's database, which every replica serves from.
     * Default 10.
     */
    refreshMinutes?: number;
  };
}
