export interface Config {
  /**
   * Runway's AWS cost dashboard (plugins/aws-cost-backend).
   * Requests are answered from the plugin's database only; sources fill it.
   */
  awsCost?: {
    /**
     * The dashboard's currency (ISO 4217). Imported rows billed in another
     * currency, and Cost Explorer amounts in another unit, are not stored
     * (never summed into this one); each import or sync reports them per
     * file (or account) and currency in `/status`. @default USD
     */
    currency?: string;
    /**
     * AWS cost-allocation tag keys for each role. Defaults: `team`,
     * `service`, `environment`. The `runway.io/cost-allocation` annotation
     * names these keys.
     */
    tagKeys?: {
      /** @default team */
      team?: string;
      /** @default service */
      service?: string;
      /** @default environment */
      environment?: string;
    };
    allocation?: {
      /**
       * Values of the service tag that mark shared spend (EKS control
       * planes, NAT gateways). @default ["shared"]
       */
      sharedServices?: string[];
      /**
       * How shared spend is shown in team breakdowns: `none` (its own
       * "(shared)" bucket), `proportional` (split by each team's direct
       * spend in the same period) or `weights` (split by sharedWeights).
       * @default none
       */
      sharedSplit?: 'none' | 'proportional' | 'weights';
      /** Team name to non-negative integer weight, for `weights`. */
      sharedWeights?: { [team: string]: number };
    };
    /**
     * Monthly budgets per Group or Component, in `currency`
     * (a number or a decimal string, e.g. `9000` or `"1234.56"`).
     */
    budgets?: Array<{
      /** e.g. group:default/team-payments */
      entityRef: string;
      monthly: number | string;
    }>;
    /**
     * How long computed answers are kept in Backstage's cache service
     * (`backend.cache`: shared by the replicas, e.g. Redis). Every sync or
     * import starts a new generation, so older answers are not served
     * after it on any replica. @default 300
     */
    cacheTtlSeconds?: number;
    anomalies?: {
      /** Current daily average / baseline daily average. @default 1.5 */
      threshold?: number;
      /** Minimum extra spend so far this month, in units of `currency`. @default 50 */
      minImpact?: number | string;
    };
    /**
     * Notifications to owners (through the notifications plugin): an open
     * cost anomaly and a budget forecast to be exceeded this month, each
     * sent once per event across replicas to the owning team and to the
     * groups of `runway.permissions.roles.manager` (default
     * `group:default/finance`). Checked by the global scheduled task
     * `aws-cost-notifications`.
     */
    notifications?: {
      /** @default true */
      enabled?: boolean;
      /** How often the check runs, in minutes (> 0). @default 60 */
      frequencyMinutes?: number;
      /**
       * Seconds after start-up before the first check (>= 0), so that the
       * start-up imports land first. @default 300
       */
      initialDelaySeconds?: number;
    };
    sources?: {
      /**
       * Development only: generate and import the sample data set (FOCUS
       * 1.2, fixed seed, 13 months ending yesterday). Shown as "sample data".
       */
      sample?: {
        /** @default false */
        enabled?: boolean;
        /** Where the generated file is written. @default the OS temp folder */
        directory?: string;
      };
      /**
       * FOCUS 1.0-1.3 or CUR 2.0 (Data Exports) files, CSV or .csv.gz,
       * imported on start-up and daily (and by POST /api/aws-cost/import).
       */
      files?: Array<{
        /** Source id stored with the rows. @default focus */
        id?: string;
        /** Local path of the file. */
        path: string;
      }>;
      /**
       * FOCUS 1.0-1.3 or CUR 2.0 exports delivered to S3 by AWS Data
       * Exports: every `.csv` / `.csv.gz` object under `prefix` is imported
       * once per ETag (a changed object replaces its rows, a deleted one
       * loses them), in a global scheduled task. Credentials: the main
       * account of `aws.mainAccount` (or the default chain), or `roleArn`
       * assumed with it. The endpoint is the AWS SDK's (it honours
       * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`).
       */
      s3?: {
        /** @default true when the section is present */
        enabled?: boolean;
        /**
         * Source id shown in /status; each object's rows are stored as
         * `<id>:<digest of the key>`. 1-40 of letters, digits, `.`, `_`, `-`.
         * @default s3
         */
        id?: string;
        /** The bucket the export is delivered to. */
        bucket: string;
        /**
         * Key prefix to list, e.g. `cur/runway-focus/data/`.
         * @default "" (the whole bucket)
         */
        prefix?: string;
        /** Region of the bucket. @default us-east-1 */
        region?: string;
        /**
         * IAM role to assume for reading the bucket, e.g.
         * `arn:aws:iam::123456789012:role/runway-cost-exports`.
         */
        roleArn?: string;
        /** External ID for assuming `roleArn`, when its trust policy asks. */
        externalId?: string;
        /** Import cadence. @default 8 */
        frequencyHours?: number;
        /** Timeout of one ListObjectsV2 call. @default 30000 */
        timeoutMs?: number;
        /** Timeout of reading one object, body included. @default 600000 */
        objectTimeoutMs?: number;
        /** Attempts per S3 call (the SDK's jittered retries). @default 3 */
        maxAttempts?: number;
      };
      /** AWS Cost Explorer, synced on a schedule. */
      costExplorer?: {
        /** @default true when the section is present */
        enabled?: boolean;
        /**
         * Accounts to read; credentials come from `aws.accounts` (assume
         * role). Without any, the default credential chain is used.
         */
        accounts?: Array<{ accountId: string; name?: string }>;
        /** Cost Explorer endpoint region. @default us-east-1 */
        region?: string;
        /** Sync cadence. @default 8 */
        frequencyHours?: number;
        /** Paid calls allowed per UTC day, across accounts. @default 100 */
        dailyCallCap?: number;
        /** Months read on the first sync. @default 13 */
        lookbackMonths?: number;
        /** Recent days re-read on every later sync. @default 3 */
        refreshDays?: number;
        /**
         * Up to two GetCostAndUsage group-bys.
         * @default [{type: DIMENSION, key: SERVICE}, {type: TAG, key: <tagKeys.service>}]
         */
        groupBy?: Array<{ type: 'DIMENSION' | 'TAG'; key: string }>;
        /** Attempts per call on throttling (jittered backoff). @default 5 */
        maxAttempts?: number;
        /** Timeout of one call. @default 30000 */
        timeoutMs?: number;
        /** Also read GetAnomalies. @default true */
        anomalies?: boolean;
        /** Also read GetCostForecast. @default true */
        forecast?: boolean;
      };
    };
  };
}
