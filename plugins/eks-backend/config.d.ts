export interface Config {
  /** Runway's EKS plugin (plugins/eks-backend/README.md). */
  eks?: {
    /**
     * Use Runway's sample EKS data source for what only the EKS API knows
     * (node group scaling, upgrade insights, add-ons) instead of AWS. For
     * development; every screen then says "sample data". Default false.
     */
    sampleEksData?: boolean;
    /**
     * Per-cluster timeout for each LIST, watch connect, /version and log
     * request, in milliseconds. Default 5000.
     */
    requestTimeoutMs?: number;
    /**
     * Server-side watch timeout in seconds; a watch is re-opened from its
     * resourceVersion after it (no LIST). Default 300.
     */
    watchTimeoutSeconds?: number;
    /**
     * Seconds between the checks that each cluster still answers (GET
     * /version within the request timeout). A cluster that does not answer
     * is reported unreachable, instead of its cache being served as current,
     * until it answers again. Default 15.
     */
    probeSeconds?: number;
    /**
     * Objects per page of a LIST (`limit`, following `continue`): the
     * initial LIST of each resource type and a re-LIST after 410 Gone. A
     * continue token that expired restarts the LIST. Default 500.
     */
    listPageSize?: number;
    /**
     * Namespaces whose workloads and logs are served only to callers with
     * the ops-level permission `eks.restricted-namespace.read`, whatever an
     * entity's `backstage.io/kubernetes-id` claims. Default: kube-system,
     * kube-public, kube-node-lease and runway (Runway's own namespace).
     */
    restrictedNamespaces?: string[];
    /** Clusters listed explicitly. */
    clusters?: Array<{
      /** Cluster name as shown in Runway (for EKS: the EKS cluster name). */
      name: string;
      /** API server URL, e.g. https://ABC.gr7.eu-west-1.eks.amazonaws.com */
      url: string;
      /** AWS region (EKS clusters). */
      region?: string;
      /** PEM CA bundle of the API server, inline. */
      caData?: string;
      /** PEM CA bundle of the API server, as a file path. */
      caFile?: string;
      /** Skip TLS verification (never in production). Default false. */
      skipTLSVerify?: boolean;
      /** Overrides eks.requestTimeoutMs for this cluster. */
      timeoutMs?: number;
      auth:
        | {
            type: 'serviceAccount';
            /**
             * Bearer token of a read-only service account.
             * @visibility secret
             */
            token?: string;
            /** File holding the token (read on every (re)connect). */
            tokenFile?: string;
          }
        | {
            type: 'aws';
            /** Account whose credentials (aws.accounts) sign the EKS token. */
            accountId?: string;
            /** Role to assume for this cluster. */
            assumeRole?: string;
            /** External id for the assumed role. */
            externalId?: string;
          };
    }>;
    /** Clusters found through the EKS API (ListClusters, DescribeCluster), on a schedule. */
    discovery?: {
      /** Default false. */
      enabled?: boolean;
      /** Regions to list clusters in. */
      regions: string[];
      accountId?: string;
      assumeRole?: string;
      externalId?: string;
      /** Minutes between discovery runs (node groups, insights, add-ons too). Default 10. */
      frequencyMinutes?: number;
      /**
       * Seconds between two reads, by every replica, of the discovered
       * clusters stored in the plugin's database (a discovery run happens on
       * one replica; each replica watches what it stored). Default 30.
       */
      reconcileSeconds?: number;
    };
    /**
     * Notifications (through the notifications backend) to the owners of a
     * workload that stays degraded or down: one per workload and episode,
     * across replicas (plugins/eks-backend/README.md, "Notifications").
     */
    notifications?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * Minutes between two checks of every service's workloads (a global
       * scheduled task, `eks-notifications`: one replica per run). Default 1.
       */
      frequencyMinutes?: number;
      /**
       * Minutes a workload must stay degraded or down before its owners are
       * notified (0: at the first check that sees it). Default 10.
       */
      degradedForMinutes?: number;
    };
  };
}
