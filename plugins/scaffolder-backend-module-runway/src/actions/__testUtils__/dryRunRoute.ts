/*
 * A stand-in for the scaffolder's POST /v2/dry-run on 127.0.0.1 (by default
 * it renders the skeleton it is sent, with `${{ values.name }}` replaced;
 * it records who the bearer token names), a template folder on disk, a
 * catalog holding the trusted golden path, a user-registered template and a
 * URL-located one, and a permissions service answering from a table of
 * decisions per user (ALLOW when the table says nothing); with
 * create-service-dry-run registered in a mock actions registry.
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  BackstageCredentials,
  BackstagePrincipalTypes,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { trustedOriginsFromConfig } from '@runway/backend-common';
import { registerCreateServiceDryRunAction } from '../createServiceDryRun';

/** A developer: every permission checked is allowed to her. */
export const GRACE = mockCredentials.user('user:default/grace.checkout');
/** Runway's own service principal, as the mock auth service names it. */
export const RUNWAY = { type: 'service', subject: 'plugin:scaffolder' };
export const VALUES = {
  name: 'orders-api',
  owner: 'group:default/team-checkout',
};
export const ROUTE_STEPS = [
  {
    id: 'validate',
    name: 'Check the input',
    action: 'runway:template:validate',
  },
  { id: 'render', name: 'Render', action: 'fetch:template' },
  { id: 'publish', name: 'Publish', action: 'publish:github' },
];

/** A request the stand-in route received, and whom its token names. */
export type Received = {
  url: string;
  authorization?: string;
  principal?: BackstagePrincipalTypes['user' | 'service'];
  body: any;
};
/** A permission the action asked about, and for whom. */
export type Asked = { user?: string; permission: string; resourceRef?: string };
/** Decisions other than ALLOW, by user entity ref and permission name. */
export type Decisions = Record<
  string,
  Record<string, AuthorizeResult.DENY | AuthorizeResult.CONDITIONAL>
>;
/** What the stand-in route answers. */
export type Reply = { status: number; body: unknown };

/** The error an action threw, as `{ name, message }`. */
export const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the action answered');
    },
    (e: Error) => ({ name: e.name, message: e.message }),
  );

/** Call in a describe block: sets everything up in beforeAll. */
export function dryRunFixture() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dry-run-action-'));
  const templateDir = path.join(tmp, 'templates', 'microservice');
  const trustedFile = `file:${path.join(tmp, 'catalog', 'locations.yaml')}`;
  const trustedUrl = 'url:https://github.com/acme/templates/blob/main/all.yaml';
  const received: Received[] = [];
  const asked: Asked[] = [];
  const decisions: Decisions = {};
  /** Replies for the next requests, in order; then `render`. */
  const replies: ((req: Received) => Reply)[] = [];
  let server: http.Server;
  let baseUrl: string;
  const actions = actionsRegistryServiceMock();
  const auth = mockServices.auth({ pluginId: 'scaffolder' });

  const decide = (
    credentials: BackstageCredentials,
    request: { permission: { name: string }; resourceRef?: string },
  ): AuthorizeResult => {
    const user = auth.isPrincipal(credentials, 'user')
      ? credentials.principal.userEntityRef
      : undefined;
    asked.push({
      user,
      permission: request.permission.name,
      ...(request.resourceRef && { resourceRef: request.resourceRef }),
    });
    const listed = user
      ? decisions[user]?.[request.permission.name]
      : undefined;
    return listed ?? AuthorizeResult.ALLOW;
  };
  const permissions: PermissionsService = {
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        // authorize answers definitively: a conditional one is resolved
        // (here, to DENY) by the permission client
        const result = decide(credentials, r);
        return {
          result:
            result === AuthorizeResult.CONDITIONAL
              ? AuthorizeResult.DENY
              : result,
        };
      }),
    authorizeConditional: async (queries, { credentials }) =>
      queries.map(q => {
        const result = decide(credentials, q);
        return result === AuthorizeResult.CONDITIONAL
          ? {
              result,
              pluginId: 'scaffolder',
              resourceType: q.permission.resourceType,
              conditions: {
                rule: 'HAS_TAG',
                resourceType: q.permission.resourceType,
                params: { tag: 'ops-only' },
              },
            }
          : { result };
      }),
  };

  const template = (name: string, annotations: Record<string, string>) =>
    ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name, namespace: 'default', annotations },
      spec: {
        type: 'service',
        owner: 'group:default/platform-ops',
        parameters: [
          {
            required: ['name', 'owner'],
            properties: {
              name: { type: 'string' },
              owner: { type: 'string' },
              repoOwner: { type: 'string', pattern: '^[a-z-]+$' },
            },
          },
        ],
        steps: ROUTE_STEPS.map(({ id, name: stepName, action }) => ({
          id,
          name: stepName,
          action,
        })),
      },
    } as Entity);
  const ENTITIES = [
    template('microservice', {
      'backstage.io/managed-by-origin-location': trustedFile,
      'backstage.io/managed-by-location': `file:${templateDir}/template.yaml`,
    }),
    // registered by a developer from their repository; its location names
    // a file on Runway's disk, but its origin is not the organisation's
    template('my-template', {
      'backstage.io/managed-by-origin-location':
        'url:https://github.com/dev/repo/blob/main/catalog-info.yaml',
      'backstage.io/managed-by-location': `file:${templateDir}/template.yaml`,
    }),
    // the organisation's, but not on Runway's disk
    template('remote', {
      'backstage.io/managed-by-origin-location': trustedUrl,
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/templates/blob/main/remote/template.yaml',
    }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout-api', namespace: 'default' },
      spec: {},
    },
  ];

  /** What the route does with a valid request: renders skeleton/ with the name. */
  const render = (req: Received): Reply => {
    const files = (req.body.directoryContents as any[])
      .filter(f => f.path.startsWith('skeleton/'))
      .map(f => ({
        path: f.path.slice('skeleton/'.length),
        executable: f.path.endsWith('.sh'),
        base64Content: Buffer.from(
          Buffer.from(f.base64Content, 'base64')
            .toString('utf8')
            .replaceAll('${{ values.name }}', req.body.values.name),
        ).toString('base64'),
      }));
    return {
      status: 200,
      body: {
        log: [
          {
            body: {
              message: 'Beginning step Check the input',
              stepId: 'validate',
              status: 'processing',
            },
          },
          {
            body: {
              message: 'Finished step Check the input',
              stepId: 'validate',
              status: 'completed',
            },
          },
          {
            body: {
              message: 'Finished step Render',
              stepId: 'render',
              status: 'completed',
            },
          },
          {
            body: {
              message:
                'Skipping because publish:github does not support dry-run',
              stepId: 'publish',
              status: 'skipped',
            },
          },
        ],
        directoryContents: files,
        output: {},
        steps: req.body.template.spec.steps,
      },
    };
  };

  const invoke = async (
    input: Record<string, unknown>,
    credentials: BackstageCredentials = GRACE,
  ) =>
    (
      await actions.invoke({
        id: 'test:create-service-dry-run',
        input: input as any,
        credentials,
      })
    ).output as any;

  beforeAll(async () => {
    fs.mkdirSync(path.join(templateDir, 'skeleton'), { recursive: true });
    fs.writeFileSync(
      path.join(templateDir, 'template.yaml'),
      'kind: Template\n',
    );
    fs.writeFileSync(
      path.join(templateDir, 'skeleton', 'Dockerfile'),
      'FROM node:22\nUSER node\n',
    );
    fs.writeFileSync(
      path.join(templateDir, 'skeleton', 'catalog-info.yaml'),
      'metadata:\n  name: ${{ values.name }}\n',
    );
    fs.writeFileSync(
      path.join(templateDir, 'skeleton', 'run.sh'),
      '#!/bin/sh\n',
    );
    fs.writeFileSync(
      path.join(templateDir, 'skeleton', 'big.txt'),
      'x'.repeat(30_000),
    );
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'not for templates');
    // a link out of the template's folder is not read; one inside is
    fs.symlinkSync(
      path.join(tmp, 'secret.txt'),
      path.join(templateDir, 'skeleton', 'escape.txt'),
    );
    fs.symlinkSync(
      path.join(templateDir, 'skeleton', 'Dockerfile'),
      path.join(templateDir, 'skeleton', 'Containerfile'),
    );

    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const token = req.headers.authorization?.replace(/^Bearer /, '');
        // whom the token names, as the scaffolder's auth would read it
        auth
          .authenticate(token ?? '')
          .then(
            c => c.principal as Received['principal'],
            () => undefined,
          )
          .then(principal => {
            const got: Received = {
              url: `${req.method} ${req.url}`,
              authorization: req.headers.authorization,
              principal,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
            };
            received.push(got);
            const reply = (replies.shift() ?? render)(got);
            res.writeHead(reply.status, {
              'content-type': 'application/json',
            });
            res.end(JSON.stringify(reply.body));
          });
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const discovery: DiscoveryService = {
      getBaseUrl: async id => `${baseUrl}/api/${id}`,
      getExternalBaseUrl: async id => `${baseUrl}/api/${id}`,
    };
    registerCreateServiceDryRunAction({
      actionsRegistry: actions,
      catalog: catalogServiceMock({ entities: ENTITIES }),
      auth,
      permissions,
      discovery,
      trustedOrigins: trustedOriginsFromConfig(
        mockServices.rootConfig({
          data: {
            catalog: {
              locations: [
                { type: 'file', target: trustedFile.slice('file:'.length) },
                { type: 'url', target: trustedUrl.slice('url:'.length) },
              ],
            },
          },
        }),
      ),
      call: { backoffMs: 1 },
    });
  });

  beforeEach(() => {
    received.length = 0;
    replies.length = 0;
    asked.length = 0;
    for (const user of Object.keys(decisions)) delete decisions[user];
  });

  afterAll(async () => {
    await new Promise(r => server.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  return { actions, received, replies, render, invoke, asked, decisions };
}
