# AWS suites against real endpoints on loopback (sourced by scripts/test;
# test/src/aws/): moto's server (scripts/bootstrap.d/aws.sh, started by
# test/src/harness/moto.ts) stands in for STS, Cost Explorer and S3.
#   aws   Cost Explorer sync with AssumeRole per account (the aws-cost
#         plugin as configured in production, every request recorded by a
#         proxy in front of moto); FOCUS and gzipped CUR 2.0 exports streamed
#         from S3 into the cost store; SigV4 for Amazon Managed Prometheus
#         against a loopback endpoint that verifies each signature
# Fails when moto is missing, since scripts/bootstrap --test installs it.
if [ -f "$MOTO_DIR/.complete" ]; then
  jest_suite aws yarn workspace @runway/test test:aws &
else
  check aws-moto-missing false
fi
