/*
 * Runway backend: Backstage's new backend system with Runway's modules.
 * What each plugin does here: docs/architecture.md.
 */
// First: registers the OpenTelemetry meter provider before any plugin asks
// for a meter, and serves /metrics (see metrics.ts).
import { rootHttpRouterWithMetrics } from './metrics';
import { createBackend } from '@backstage/backend-defaults';
import { startupLockServiceFactory } from './startupLock';
import { cacheServiceFactory } from './cache';
import { permissionsServiceFactory } from './permissions';

const backend = createBackend();

// Prometheus metrics: GET /metrics, HTTP request metrics (metrics.ts); a lost
// database or upstream connection answers 503, not 500 (unavailable.ts)
backend.add(rootHttpRouterWithMetrics);
// On PostgreSQL, replicas start one at a time: plugins' migrations never
// meet another replica's migration lock (startupLock.ts)
backend.add(startupLockServiceFactory);
// Backstage's cache service, whose Redis connection comes back after Redis
// does (cache.ts)
backend.add(cacheServiceFactory);
// Backstage's permissions client; a permission check that fails while the
// permission backend is unavailable makes the request a 503 even where a
// router replaces the error with a plain 500 (search; permissions.ts)
backend.add(permissionsServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Runway's actions: input checks, local publishing, CloudFormation, SLO rules
backend.add(import('@runway/plugin-scaffolder-backend-module-runway'));

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// OIDC (AWS Cognito in production), signing in catalog users by email
backend.add(import('./modules/auth'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin, with Runway's role-based policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissions'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine: PostgreSQL's on PostgreSQL, Lunr on SQLite; an empty result,
// not a 500, for a document type before its first index run
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('./modules/search'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// Runway's EKS plugin: cluster overview and service workload health; it
// replaces the stock Kubernetes backend, tab and proxy (docs/adr/0006)
backend.add(import('@runway/plugin-eks-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// notifications by email too, when runway.notifications.email is set
// (modules/email: Runway's own processor, docs/adr/0019)
backend.add(import('./modules/email'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// AWS costs: Cost Explorer sync, FOCUS/CUR import, dashboard API
backend.add(import('@runway/plugin-aws-cost-backend'));

// SLOs: error budgets and burn rates from Prometheus, team compliance, deploy gate
backend.add(import('@runway/plugin-slo-backend'));

// Decisions: every ADR and runbook freshness across the catalog (docs/adr, MADR)
backend.add(import('@runway/plugin-decisions-backend'));

// Template upgrades: each service's drift from its template, upgrades as pull requests
backend.add(import('@runway/plugin-template-upgrades-backend'));

// A replica that cannot start exits, so Kubernetes restarts it, instead of
// staying alive without ever becoming ready.
backend.start().catch(error => {
  console.error(`Runway could not start: ${error?.stack ?? error}`);
  process.exit(1);
});
