# AWS suites against real endpoints on loopback (sourced by scripts/test;
# test/src/aws/): moto's server (scripts/bootstrap.d/aws.sh, started by
# test/src/harness/moto.ts) stands in for STS, Cost Explorer and S3.
#   aws   Cost Explorer sync with AssumeRole per account (the aws-cost
#         plugin as configured in production, every request recorded by a
#         proxy in front of moto); the plugin's S3 source (awsCost.sources.s3:
#         an assumed role, every ListObjectsV2 page, FOCUS and gzipped CUR 2.0
#         exports into the cost store, unchanged objects skipped, a changed
#         ETag re-imported, a truncated .gz reported by name with its old rows
#         kept); SigV4 for Amazon Managed Prometheus
#         against a loopback endpoint that verifies each signature
# Fails when moto is missing, since scripts/bootstrap --test installs it.
if [ -f "$MOTO_DIR/.complete" ]; then
  jest_suite aws yarn workspace @runway/test test:aws &
else
  check aws-moto-missing false
fi
