/*
 * Loopback fakes of the GitHub and GitLab REST APIs, just enough for the
 * backend's UrlReaders (fetch:plain, fetch:plain:file) and the stock
 * publish:github:pull-request and publish:gitlab:merge-request actions. Each
 * serves one repository from a folder on disk and records every request
 * (method, path, query, JSON body) so tests assert the exact calls.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

export type RecordedCall = {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: any;
  /** The Authorization header, if any. */
  authorization?: string;
  /** GitLab's PRIVATE-TOKEN header, if any. */
  privateToken?: string;
};

export type FakeScm = {
  /** http://127.0.0.1:<port> */
  url: string;
  calls: RecordedCall[];
  stop(): Promise<void>;
};

const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

/** Every file under `dir`, as repository paths. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? listFiles(dir, path.posix.join(prefix, e.name))
        : [path.posix.join(prefix, e.name)],
    )
    .sort();
}

/** Git's object id of a file's content (GitLab's tree entry ids). */
function gitBlobId(content: Buffer): string {
  return crypto
    .createHash('sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}

/** The repository as a .tar.gz with one top folder, as both hosts serve it. */
function tarball(repoDir: string, top: string): Buffer {
  const staging = fs.mkdtempSync(`${repoDir}-tar-`);
  fs.cpSync(repoDir, path.join(staging, top), { recursive: true });
  const out = execFileSync('tar', ['-czf', '-', '-C', staging, top]);
  fs.rmSync(staging, { recursive: true, force: true });
  return out;
}

type Handler = (
  call: RecordedCall,
  res: http.ServerResponse,
  baseUrl: string,
) => void;

async function serve(handler: Handler): Promise<FakeScm> {
  const calls: RecordedCall[] = [];
  let baseUrl = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        ...(body === undefined ? {} : { body }),
        ...(req.headers.authorization
          ? { authorization: req.headers.authorization }
          : {}),
        ...(req.headers['private-token']
          ? { privateToken: String(req.headers['private-token']) }
          : {}),
      };
      calls.push(call);
      try {
        handler(call, res, baseUrl);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    calls,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, value: unknown) =>
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify(value));

/**
 * GitHub (REST API under /api/v3, GraphQL at /api/graphql) serving
 * `owner/repo` on branch main from `repoDir`.
 */
export function fakeGitHub(options: {
  owner: string;
  repo: string;
  repoDir: string;
}): Promise<FakeScm> {
  const { owner, repo, repoDir } = options;
  const full = `/api/v3/repos/${owner}/${repo}`;
  return serve((call, res, baseUrl) => {
    const { method, path: p } = call;
    if (method === 'GET' && p === full) {
      return json(res, 200, {
        full_name: `${owner}/${repo}`,
        default_branch: 'main',
        permissions: { admin: false, push: true, pull: true },
      });
    }
    // UrlReader.readTree: the commit, then the tarball
    if (method === 'GET' && p === `${full}/commits/main/status`) {
      return json(res, 200, {
        sha: SHA,
        repository: {
          archive_url: `${baseUrl}${full}/{archive_format}{/ref}`,
          trees_url: `${baseUrl}${full}/git/trees{/sha}`,
        },
      });
    }
    if (method === 'GET' && p === `${full}/tarball/${SHA}`) {
      return res
        .writeHead(200, { 'content-type': 'application/x-gzip' })
        .end(tarball(repoDir, `${owner}-${repo}-${SHA.slice(0, 7)}`));
    }
    // UrlReader.readUrl: a file's raw content
    if (method === 'GET' && p.startsWith(`${full}/contents/`)) {
      const file = path.join(repoDir, p.slice(`${full}/contents/`.length));
      if (!fs.existsSync(file)) return json(res, 404, { message: 'Not Found' });
      return res.writeHead(200).end(fs.readFileSync(file));
    }
    // octokit-plugin-create-pull-request
    if (method === 'GET' && p === `${full}/commits`) {
      return json(res, 200, [
        { sha: SHA, commit: { tree: { sha: 'base-tree' } } },
      ]);
    }
    if (method === 'POST' && p === `${full}/git/blobs`) {
      const sha = crypto
        .createHash('sha1')
        .update(String(call.body?.content))
        .digest('hex');
      return json(res, 201, { sha });
    }
    if (method === 'POST' && p === `${full}/git/trees`) {
      return json(res, 201, { sha: 'new-tree' });
    }
    if (method === 'POST' && p === `${full}/git/commits`) {
      return json(res, 201, { sha: 'new-commit' });
    }
    if (method === 'POST' && p === '/api/graphql') {
      return json(res, 200, { data: { repository: { ref: null } } });
    }
    if (method === 'POST' && p === `${full}/git/refs`) {
      return json(res, 201, { ref: call.body?.ref });
    }
    if (method === 'POST' && p === `${full}/pulls`) {
      return json(res, 201, {
        number: 42,
        html_url: `https://github.example/${owner}/${repo}/pull/42`,
        head: { ref: String(call.body?.head).split(':').pop() },
        base: { ref: call.body?.base },
      });
    }
    return json(res, 404, { message: `fake GitHub: no route ${method} ${p}` });
  });
}

/**
 * GitLab (REST API under /api/v4) serving project `namespace/project` on
 * branch main from `repoDir`. Its UrlReader reads single files from the
 * host of the URL itself, so the integration's host is this server's
 * (`127.0.0.1:<port>`).
 */
export function fakeGitLab(options: {
  namespace: string;
  project: string;
  repoDir: string;
}): Promise<FakeScm> {
  const { namespace, project, repoDir } = options;
  const full = `/api/v4/projects/${namespace}/${project}`;
  const fileFromPath = (p: string) =>
    p.slice(`${full}/repository/files/`.length).replace(/\/raw$/, '');
  return serve((call, res) => {
    const { method, path: p } = call;
    if (method === 'GET' && p === full) {
      return json(res, 200, {
        id: 7,
        path_with_namespace: `${namespace}/${project}`,
        default_branch: 'main',
      });
    }
    // UrlReader.readTree: the commit, then the archive
    if (method === 'GET' && p === `${full}/repository/commits`) {
      return json(res, 200, [{ id: SHA }]);
    }
    if (method === 'GET' && p === `${full}/repository/archive`) {
      return res
        .writeHead(200, { 'content-type': 'application/x-gzip' })
        .end(tarball(repoDir, `${project}-main-${SHA}`));
    }
    // the merge request action: what exists, then branch, commit, MR
    if (method === 'GET' && p === `${full}/repository/tree`) {
      return json(
        res,
        200,
        listFiles(repoDir).map(f => ({
          id: gitBlobId(fs.readFileSync(path.join(repoDir, f))),
          path: f,
          type: 'blob',
        })),
      );
    }
    if (method === 'GET' && p.startsWith(`${full}/repository/files/`)) {
      const file = path.join(repoDir, fileFromPath(p));
      if (!fs.existsSync(file)) return json(res, 404, { message: '404 File Not Found' });
      const content = fs.readFileSync(file);
      if (p.endsWith('/raw')) return res.writeHead(200).end(content);
      return json(res, 200, {
        file_path: fileFromPath(p),
        content: content.toString('base64'),
        content_sha256: crypto.createHash('sha256').update(content).digest('hex'),
      });
    }
    if (method === 'GET' && p.startsWith(`${full}/repository/branches/`)) {
      return json(res, 404, { message: '404 Branch Not Found' });
    }
    if (method === 'POST' && p === `${full}/repository/branches`) {
      return json(res, 201, { name: call.query.branch ?? call.body?.branch });
    }
    if (method === 'POST' && p === `${full}/repository/commits`) {
      return json(res, 201, { id: 'new-commit' });
    }
    if (method === 'POST' && p === `${full}/merge_requests`) {
      return json(res, 201, {
        iid: 12,
        web_url: `https://gitlab.example/${namespace}/${project}/-/merge_requests/12`,
      });
    }
    return json(res, 404, { message: `fake GitLab: no route ${method} ${p}` });
  });
}
