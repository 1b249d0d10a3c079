/** Static AWS credentials for signing tests. */
export const creds = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'session',
};

/** The presigned STS URL inside an EKS token (`k8s-aws-v1.` + base64url). */
export function decodeEksToken(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  return new URL(
    Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(
      'utf8',
    ),
  );
}
