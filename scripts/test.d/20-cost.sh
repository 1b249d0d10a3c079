# AWS cost suites (sourced by scripts/test). The unit stage already runs the
# aws-cost packages on SQLite (store, FOCUS/CUR importer, reports, routes,
# Cost Explorer with aws-sdk-client-mock, UI). Here the store, importer and
# report suites run again with a real PostgreSQL beside SQLite: the Jest
# global setup starts a throwaway server (test/src/harness/postgres.ts) and
# hands it to Backstage's TestDatabases.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  jest_suite cost-postgres yarn workspace @runway/plugin-aws-cost-backend \
    backstage-cli package test --watchAll=false --runInBand \
    --globalSetup "$ROOT/test/src/cost/postgresGlobalSetup.ts" \
    --globalTeardown "$ROOT/test/src/cost/postgresGlobalTeardown.ts" \
    src/import src/service src/plugin.export.test.ts \
    src/store/rollups.test.ts src/store/DailyRowWriter.test.ts &
  # notifications sent once per event across replicas, on PostgreSQL too
  jest_suite notify-postgres yarn workspace @runway/backend-common \
    backstage-cli package test --watchAll=false --runInBand \
    --globalSetup "$ROOT/test/src/cost/postgresGlobalSetup.ts" \
    --globalTeardown "$ROOT/test/src/cost/postgresGlobalTeardown.ts" \
    src/EventNotifier.test.ts &
else
  check cost-postgres-missing false
fi
