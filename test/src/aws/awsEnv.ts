import path from 'node:path';

/** Static test credentials of the "main account" (the pod's own identity). */
export const MAIN_CREDENTIALS = {
  accessKeyId: 'AKIARUNWAYTESTMAIN01',
  secretAccessKey: 'runway-test-main-account-secret',
};

/**
 * Points every AWS SDK client of this test file at `endpoint`
 * (`AWS_ENDPOINT_URL`, which the SDK reads for every service) with the
 * static main-account credentials on the default credential chain, and
 * keeps the machine's own AWS files and instance metadata out of it.
 * Jest gives each test file its own `process.env`.
 */
export function useAwsEndpoint(endpoint: string, dir: string) {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('AWS_')) delete process.env[key];
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: MAIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MAIN_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}
