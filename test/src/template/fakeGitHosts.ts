/*
 * Loopback fakes of a GitHub and a GitLab host that create repositories and
 * take real git pushes: the REST calls of publish:github / publish:gitlab
 * (owner lookup, repository creation, branch protection), git smart HTTP
 * served by `git http-backend` (CGI) from bare repositories under `root`,
 * the reads of the backend's UrlReaders (a file, a tree) answered from
 * what was pushed, and the pull requests (GitHub) and merge requests
 * (GitLab) that template upgrades open (fakeChangeRequests.ts). Every
 * request is recorded (git requests without their binary body) so tests
 * assert the calls and the token each one carried.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import type { RecordedCall } from '../docs/fakeScm';
import {
  FakeMergeRequest,
  FakePullRequest,
  mergeRequestRoute,
  pullRequestRoute,
  RepositoryView,
} from './fakeChangeRequests';

/** A recorded call, as the docs templates' API fakes record them, plus git's. */
export type HostCall = RecordedCall & {
  /** A git smart HTTP request, served by git http-backend. */
  git?: boolean;
  /** The response status. */
  status?: number;
};

export type FakeGitHost = {
  /** http://127.0.0.1:<port> */
  url: string;
  /**
   * host:port: the integration's host for GitLab, and for GitHub when it
   * is given no `htmlHost`.
   */
  host: string;
  calls: HostCall[];
  /** The bare repository of `<owner>/<repo>` (owner may be a group path). */
  bareRepo(owner: string, repo: string): string;
  stop(): Promise<void>;
};

export type FakeGitHubHost = FakeGitHost & {
  /** The pull requests opened, in order, over every repository. */
  pullRequests: FakePullRequest[];
};

export type FakeGitLabHost = FakeGitHost & {
  /** The merge requests opened, in order, over every project. */
  mergeRequests: FakeMergeRequest[];
};

/** Basic credentials a git client must send (publish actions push with them). */
type GitCredentials = { username: string; password: string };

type Route = (
  call: HostCall,
  rawPath: string,
  res: http.ServerResponse,
) => void;

const json = (res: http.ServerResponse, status: number, value: unknown) =>
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify(value));

const git = (bare: string, args: string[]) =>
  execFileSync('git', ['--git-dir', bare, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });

/** A file at `ref` of a bare repository, or undefined. */
function showFile(bare: string, ref: string, file: string): Buffer | undefined {
  try {
    return git(bare, ['show', `${ref}:${file.replace(/^\/+/, '')}`]);
  } catch {
    return undefined;
  }
}

/** The commit id of `ref`, or undefined (nothing pushed yet). */
function commitOf(bare: string, ref: string): string | undefined {
  try {
    return git(bare, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/** A bare repository as the change request routes see it. */
const repositoryView = (bare: string, webUrl: string): RepositoryView => ({
  webUrl,
  hasBranch: branch => commitOf(bare, `refs/heads/${branch}`) !== undefined,
  commitsBetween: (base, head) =>
    Number(
      git(bare, [
        'rev-list',
        '--count',
        `refs/heads/${base}..refs/heads/${head}`,
      ]).toString(),
    ),
});

function initBare(bare: string) {
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  execFileSync('git', [
    'init',
    '--quiet',
    '--bare',
    '--initial-branch=main',
    bare,
  ]);
}

/**
 * Serves one git smart HTTP request with `git http-backend` (CGI): request
 * meta-variables in the environment, the body on stdin, CGI headers (with
 * `Status:`) then the body on stdout.
 */
function gitHttpBackend(options: {
  root: string;
  req: http.IncomingMessage;
  body: Buffer;
  pathInfo: string;
  query: string;
  user: string;
  res: http.ServerResponse;
  done: (status: number) => void;
}) {
  const { req, res, body } = options;
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      HOME: options.root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: options.pathInfo,
      QUERY_STRING: options.query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(body.length),
      REMOTE_USER: options.user,
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
        : {}),
      ...(req.headers['git-protocol']
        ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
        : {}),
    },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', c => out.push(c));
  child.stderr.on('data', c => err.push(c));
  child.stdin.on('error', () => {});
  child.stdin.end(body);
  child.on('close', code => {
    const raw = Buffer.concat(out);
    let end = raw.indexOf('\r\n\r\n');
    let sep = 4;
    if (end === -1) {
      end = raw.indexOf('\n\n');
      sep = 2;
    }
    if (code !== 0 || end === -1) {
      res.writeHead(500).end(`git http-backend: ${Buffer.concat(err)}`);
      options.done(500);
      return;
    }
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, end).toString('utf8').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i === -1) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers).end(raw.subarray(end + sep));
    options.done(status);
  });
}

const GIT_PATH =
  /^\/(.+\.git)\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+)$/;

async function serveHost(options: {
  root: string;
  credentials: GitCredentials;
  route: (baseUrl: string) => Route;
}): Promise<Omit<FakeGitHost, 'bareRepo'>> {
  const calls: HostCall[] = [];
  let route: Route = () => {};
  let baseUrl = '';
  const expected = `Basic ${Buffer.from(
    `${options.credentials.username}:${options.credentials.password}`,
  ).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const body = Buffer.concat(chunks);
      const call: HostCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        ...(req.headers.authorization
          ? { authorization: req.headers.authorization }
          : {}),
        ...(req.headers['private-token']
          ? { privateToken: String(req.headers['private-token']) }
          : {}),
      };
      calls.push(call);
      res.on('finish', () => {
        call.status = res.statusCode;
      });
      const gitPath = GIT_PATH.exec(call.path);
      if (gitPath) {
        call.git = true;
        // like the real hosts: no anonymous pushes or clones of private repos
        if (req.headers.authorization !== expected) {
          res
            .writeHead(401, { 'www-authenticate': 'Basic realm="fake git"' })
            .end();
          return;
        }
        if (!fs.existsSync(path.join(options.root, gitPath[1]))) {
          res.writeHead(404).end('repository not found');
          return;
        }
        gitHttpBackend({
          root: options.root,
          req,
          body,
          pathInfo: call.path,
          query: url.search.replace(/^\?/, ''),
          user: options.credentials.username,
          res,
          done: () => {},
        });
        return;
      }
      const raw = body.toString('utf8');
      if (raw) {
        try {
          call.body = JSON.parse(raw);
        } catch {
          call.body = raw;
        }
      }
      try {
        route(call, url.pathname, res);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  route = options.route(baseUrl);
  return {
    url: baseUrl,
    host: `127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tree at `sha` as a .tar.gz with one top folder, as both hosts serve it. */
const archive = (bare: string, sha: string, top: string) =>
  git(bare, ['archive', '--format=tar.gz', `--prefix=${top}/`, sha]);

/**
 * A GitHub host: REST API under /api/v3 (the integration's apiBaseUrl),
 * repositories reachable over git at `<url>/<owner>/<repo>.git` with
 * `x-access-token:<token>`. `htmlHost` is the integration's host: the
 * repositories' and pull requests' html_url (and so the catalog's URLs)
 * use it; without it they are on the fake's own `url`, which is then the
 * integration's host, as github.com is both the web and the git host.
 */
export async function fakeGitHubHost(options: {
  root: string;
  token: string;
  htmlHost?: string;
}): Promise<FakeGitHubHost> {
  const { root } = options;
  const pullRequests: FakePullRequest[] = [];
  const bareRepo = (owner: string, repo: string) =>
    path.join(root, owner, `${repo}.git`);
  const host = await serveHost({
    root,
    credentials: { username: 'x-access-token', password: options.token },
    route: baseUrl => (call, rawPath, res) => {
      const { method } = call;
      const p = call.path;
      const web = options.htmlHost ? `https://${options.htmlHost}` : baseUrl;
      /** The groups of `re` in the path when the method matches. */
      const match = (verb: string, re: RegExp, text = p) =>
        method === verb ? re.exec(text) : null;
      const user = match('GET', /^\/api\/v3\/users\/([^/]+)$/);
      if (user) {
        return json(res, 200, { login: user[1], id: 1, type: 'Organization' });
      }
      const org = match('POST', /^\/api\/v3\/orgs\/([^/]+)\/repos$/);
      if (org) {
        const owner = org[1];
        const name = String(call.body?.name ?? '');
        const bare = bareRepo(owner, name);
        if (!name || fs.existsSync(bare)) {
          return json(res, 422, {
            message: 'Repository creation failed.',
            errors: [{ message: 'name already exists on this account' }],
          });
        }
        initBare(bare);
        return json(res, 201, {
          id: 4242,
          name,
          full_name: `${owner}/${name}`,
          private: call.body?.private ?? false,
          owner: { login: owner, type: 'Organization' },
          clone_url: `${baseUrl}/${owner}/${name}.git`,
          html_url: `${web}/${owner}/${name}`,
        });
      }
      const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p);
      if (!m) {
        return json(res, 404, {
          message: `fake GitHub: no route ${method} ${p}`,
        });
      }
      const [, owner, name, rest = ''] = m;
      const bare = bareRepo(owner, name);
      if (!fs.existsSync(bare)) return json(res, 404, { message: 'Not Found' });
      if (method === 'GET' && rest === '') {
        return json(res, 200, {
          full_name: `${owner}/${name}`,
          default_branch: 'main',
          permissions: { admin: true, push: true, pull: true },
        });
      }
      if (method === 'PUT' && /^\/branches\/[^/]+\/protection$/.test(rest)) {
        return json(res, 200, { url: `${baseUrl}${rawPath}` });
      }
      // UrlReader.readUrl: a file's raw content at ?ref=
      if (method === 'GET' && rest.startsWith('/contents/')) {
        const content = showFile(
          bare,
          call.query.ref ?? 'main',
          rest.slice('/contents/'.length),
        );
        if (!content) return json(res, 404, { message: 'Not Found' });
        return res.writeHead(200).end(content);
      }
      // UrlReader.readTree: the commit, then the tarball
      const status = match('GET', /^\/commits\/([^/]+)\/status$/, rest);
      if (status) {
        const sha = commitOf(bare, status[1]);
        if (!sha) return json(res, 404, { message: 'No commit found' });
        return json(res, 200, {
          sha,
          repository: {
            archive_url: `${baseUrl}/api/v3/repos/${owner}/${name}/{archive_format}{/ref}`,
            trees_url: `${baseUrl}/api/v3/repos/${owner}/${name}/git/trees{/sha}`,
          },
        });
      }
      const tarball = match('GET', /^\/tarball\/([^/]+)$/, rest);
      if (tarball) {
        const sha = commitOf(bare, tarball[1]);
        if (!sha) return json(res, 404, { message: 'Not Found' });
        return res
          .writeHead(200, { 'content-type': 'application/x-gzip' })
          .end(archive(bare, sha, `${owner}-${name}-${sha.slice(0, 7)}`));
      }
      const answer = pullRequestRoute(pullRequests, call, {
        owner,
        repo: name,
        rest,
        ...repositoryView(bare, `${web}/${owner}/${name}`),
      });
      if (answer) return json(res, ...answer);
      return json(res, 404, {
        message: `fake GitHub: no route ${method} ${p}`,
      });
    },
  });
  return { ...host, bareRepo, pullRequests };
}

/**
 * A GitLab host: REST API under /api/v4 and git at
 * `<url>/<group path>/<project>.git` (`oauth2:<token>`) on the same
 * host:port, which is the integration's host (publish:gitlab derives the
 * repository's web URL, read by the catalog, from its git URL).
 */
export async function fakeGitLabHost(options: {
  root: string;
  token: string;
}): Promise<FakeGitLabHost> {
  const { root } = options;
  const mergeRequests: FakeMergeRequest[] = [];
  const bareRepo = (owner: string, repo: string) =>
    path.join(root, ...owner.split('/'), `${repo}.git`);
  const namespaces = new Map<number, string>();
  const projects = new Map<string, number>();
  const namespaceId = (fullPath: string) => {
    for (const [id, p] of namespaces) if (p === fullPath) return id;
    const id = 100 + namespaces.size;
    namespaces.set(id, fullPath);
    return id;
  };
  const host = await serveHost({
    root,
    credentials: { username: 'oauth2', password: options.token },
    route: baseUrl => (call, rawPath, res) => {
      const { method } = call;
      // /api/v4/<resource>/<url-encoded id>/<rest>
      const parts = rawPath.split('/').slice(3);
      const [resource, encodedId, ...restParts] = parts;
      const id = encodedId === undefined ? '' : decodeURIComponent(encodedId);
      const rest = restParts.map(decodeURIComponent);
      if (!rawPath.startsWith('/api/v4/')) {
        return json(res, 404, {
          message: `fake GitLab: no route ${method} ${call.path}`,
        });
      }
      if (method === 'GET' && resource === 'user' && !encodedId) {
        return json(res, 200, { id: 7, username: 'runway-publisher' });
      }
      if (method === 'GET' && resource === 'namespaces' && rest.length === 0) {
        return json(res, 200, {
          id: namespaceId(id),
          kind: 'group',
          path: id.split('/').pop(),
          full_path: id,
        });
      }
      if (
        method === 'GET' &&
        (resource === 'groups' || resource === 'users') &&
        rest.join('/') === 'projects'
      ) {
        const search = call.query.search ?? '';
        return json(
          res,
          200,
          [...projects.entries()]
            .filter(([full]) => full === `${id}/${search}`)
            .map(([full, pid]) => ({
              id: pid,
              path: full.split('/').pop(),
              http_url_to_repo: `${baseUrl}/${full}.git`,
              default_branch: 'main',
            })),
        );
      }
      if (method === 'POST' && resource === 'projects' && !encodedId) {
        const ns = namespaces.get(Number(call.body?.namespace_id));
        const projectPath = String(call.body?.path ?? call.body?.name ?? '');
        if (!ns || !projectPath) {
          return json(res, 400, {
            message: 'namespace_id and path are required',
          });
        }
        const full = `${ns}/${projectPath}`;
        if (projects.has(full)) {
          return json(res, 400, {
            message: { path: ['has already been taken'] },
          });
        }
        initBare(bareRepo(ns, projectPath));
        const pid = 500 + projects.size;
        projects.set(full, pid);
        return json(res, 201, {
          id: pid,
          path: projectPath,
          path_with_namespace: full,
          default_branch: 'main',
          visibility: call.body?.visibility,
          http_url_to_repo: `${baseUrl}/${full}.git`,
          web_url: `${baseUrl}/${full}`,
        });
      }
      if (resource === 'projects' && encodedId) {
        const full = /^\d+$/.test(id)
          ? [...projects.entries()].find(([, pid]) => String(pid) === id)?.[0]
          : id;
        const pid = full === undefined ? undefined : projects.get(full);
        if (!full || pid === undefined) {
          return json(res, 404, { message: '404 Project Not Found' });
        }
        const owner = full.split('/').slice(0, -1).join('/');
        const name = full.split('/').pop()!;
        const bare = bareRepo(owner, name);
        const sub = rest.join('/');
        if (method === 'GET' && sub === '') {
          return json(res, 200, {
            id: pid,
            path_with_namespace: full,
            default_branch: 'main',
            web_url: `${baseUrl}/${full}`,
          });
        }
        // UrlReader.readUrl: repository/files/<url-encoded path>/raw?ref=
        if (
          method === 'GET' &&
          rest[0] === 'repository' &&
          rest[1] === 'files' &&
          rest.at(-1) === 'raw'
        ) {
          const content = showFile(
            bare,
            call.query.ref ?? 'main',
            rest.slice(2, -1).join('/'),
          );
          if (!content)
            return json(res, 404, { message: '404 File Not Found' });
          return res.writeHead(200).end(content);
        }
        // UrlReader.readTree: the last commit, then the archive
        if (method === 'GET' && sub === 'repository/commits') {
          const sha = commitOf(bare, call.query.ref_name ?? 'main');
          return json(res, 200, sha ? [{ id: sha }] : []);
        }
        if (method === 'GET' && sub === 'repository/archive') {
          const sha = commitOf(bare, call.query.sha ?? 'main');
          if (!sha) return json(res, 404, { message: '404 Not Found' });
          return res
            .writeHead(200, { 'content-type': 'application/x-gzip' })
            .end(archive(bare, sha, `${name}-${sha}-${sha}`));
        }
        const answer = mergeRequestRoute(mergeRequests, call, {
          project: full,
          sub,
          ...repositoryView(bare, `${baseUrl}/${full}`),
        });
        if (answer) return json(res, ...answer);
      }
      return json(res, 404, {
        message: `fake GitLab: no route ${method} ${call.path}`,
      });
    },
  });
  return { ...host, bareRepo, mergeRequests };
}
