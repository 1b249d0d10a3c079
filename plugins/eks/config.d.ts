export interface Config {
  runway?: {
    /**
     * Links from each service's entity page to the observability tools the
     * platform runs: its Grafana dashboard and its logs (Grafana Explore with
     * Loki, Kibana Discover or CloudWatch Logs Insights). The browser only
     * follows links: Runway reads nothing from these tools
     * (plugins/eks/README.md, "Observability card").
     */
    observability?: {
      /**
       * Environments to link logs for, in this order: the values of the
       * `environment` label on the service's workloads. Default: `[staging,
       * production]`.
       * @visibility frontend
       */
      environments?: string[];
      /** The Grafana that holds the services' dashboards. */
      grafana?: {
        /**
         * Base URL, e.g. `https://grafana.example.com` (a sub-path such as
         * `https://example.com/grafana` works too). When set, dashboard
         * links from `runway.io/grafana-dashboard` are shown only when they
         * point under it.
         * @visibility frontend
         */
        url: string;
        /**
         * UID of a service's dashboard when its entity has no
         * `runway.io/grafana-dashboard` annotation; `{service}` is replaced by
         * the entity's `backstage.io/kubernetes-id` (else its name), e.g.
         * `{service}` or `svc-{service}`. Unset: only annotated entities get a
         * dashboard link.
         * @visibility frontend
         */
        dashboardUid?: string;
        /**
         * Grafana organisation id added to Explore links (`orgId`). Default:
         * none (Grafana uses the user's current organisation).
         * @visibility frontend
         */
        orgId?: number;
      };
      /** Where the services' logs are searched, for a link per environment. */
      logs?: {
        /**
         * `loki` (Grafana Explore), `kibana` (Discover, KQL) or `cloudwatch`
         * (CloudWatch Logs Insights); the section of the same name is
         * required.
         * @visibility frontend
         */
        type: 'loki' | 'kibana' | 'cloudwatch';
        /** Names of the service and environment labels or fields in the logs. */
        fields?: {
          /**
           * Label or field holding the service (its kubernetes-id). Default:
           * `service`.
           * @visibility frontend
           */
          service?: string;
          /**
           * Label or field holding the environment. Default: `environment`.
           * @visibility frontend
           */
          environment?: string;
        };
        /** Loki through Grafana Explore. */
        loki?: {
          /**
           * UID of the Loki data source in Grafana; `{environment}` is
           * replaced by the environment (one data source per environment).
           * @visibility frontend
           */
          datasourceUid: string;
          /**
           * Grafana base URL for Explore. Default:
           * `runway.observability.grafana.url`.
           * @visibility frontend
           */
          grafanaUrl?: string;
        };
        /** Kibana Discover. */
        kibana?: {
          /**
           * Base URL, e.g. `https://kibana.example.com` (with the space, if
           * any: `https://kibana.example.com/s/platform`).
           * @visibility frontend
           */
          url: string;
          /**
           * Id of the data view (index pattern) holding the logs;
           * `{environment}` is replaced by the environment.
           * @visibility frontend
           */
          dataViewId: string;
        };
        /** CloudWatch Logs Insights in the AWS console. */
        cloudwatch?: {
          /**
           * AWS region of the log groups, e.g. `eu-west-1`.
           * @visibility frontend
           */
          region: string;
          /**
           * Log groups to query; `{environment}` and `{service}` are replaced,
           * e.g. `/aws/containerinsights/eks-{environment}-euw1/application`.
           * @visibility frontend
           */
          logGroups: string[];
        };
      };
    };
  };
}
