import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { repositoryOf } from './repositories';

const integrations = ScmIntegrations.fromConfig(
  mockServices.rootConfig({
    data: {
      integrations: {
        github: [
          {
            host: 'ghe.example.com',
            apiBaseUrl: 'https://ghe.example.com/api/v3',
            token: 't',
          },
        ],
        gitlab: [
          {
            host: 'gitlab.example.com',
            apiBaseUrl: 'https://gitlab.example.com/api/v4',
            token: 't',
          },
          {
            host: 'code.example.com',
            baseUrl: 'https://code.example.com/gitlab',
            apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
            token: 't',
          },
        ],
      },
    },
  }),
);

const at = (location: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc',
    annotations: { 'backstage.io/managed-by-location': location },
  },
});

const of = (location: string) =>
  repositoryOf(at(location), { localDirectory: '/srv/repos', integrations });

describe('repositoryOf', () => {
  it('reaches a GitHub repository at its integration host, the API at apiBaseUrl', () => {
    expect(
      of('url:https://github.com/acme/svc/blob/main/catalog-info.yaml'),
    ).toEqual({
      provider: 'github',
      host: 'github.com',
      owner: 'acme',
      repo: 'svc',
      cloneUrl: 'https://github.com/acme/svc.git',
      apiBaseUrl: 'https://api.github.com',
    });
    expect(
      of('url:https://ghe.example.com/acme/svc/tree/main/catalog-info.yaml'),
    ).toMatchObject({
      cloneUrl: 'https://ghe.example.com/acme/svc.git',
      apiBaseUrl: 'https://ghe.example.com/api/v3',
    });
  });

  it('reaches a GitLab project in nested groups', () => {
    expect(
      of(
        'url:https://gitlab.example.com/payments/core/svc/-/blob/main/catalog-info.yaml',
      ),
    ).toEqual({
      provider: 'gitlab',
      host: 'gitlab.example.com',
      project: 'payments/core/svc',
      cloneUrl: 'https://gitlab.example.com/payments/core/svc.git',
      apiBaseUrl: 'https://gitlab.example.com/api/v4',
    });
  });

  it('reaches a GitLab served under a path without repeating the path', () => {
    expect(
      of(
        'url:https://code.example.com/gitlab/payments/svc/-/blob/main/catalog-info.yaml',
      ),
    ).toEqual({
      provider: 'gitlab',
      host: 'code.example.com',
      project: 'payments/svc',
      cloneUrl: 'https://code.example.com/gitlab/payments/svc.git',
      apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
    });
    expect(
      of('url:https://code.example.com/other/payments/svc/-/blob/main/x.yaml'),
    ).toMatch(/is not under the GitLab integration's/);
  });

  it('says why there is no repository', () => {
    expect(of('url:https://gitlab.example.com/svc/-/blob/main/x.yaml')).toMatch(
      /names no GitLab project/,
    );
    expect(of('url:https://unknown.example.com/a/b/blob/main/x.yaml')).toMatch(
      /no GitHub or GitLab integration is configured for unknown.example.com/,
    );
    expect(of('file:/elsewhere/svc/catalog-info.yaml')).toMatch(
      /is not a local repository/,
    );
    expect(of('file:/srv/repos/svc/catalog-info.yaml')).toEqual({
      provider: 'local',
      bare: '/srv/repos/svc.git',
    });
  });
});
