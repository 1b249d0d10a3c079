/*
 * Opens the pull request (GitHub) or merge request (GitLab) of an upgrade
 * branch, or finds the open one for that branch: opening twice never makes
 * a second request.
 */
import { RepositoryRef } from './repositories';

export type OpenedRequest = { url: string; number: number };

export type RequestContent = {
  branch: string;
  base: string;
  title: string;
  body: string;
  /** Labels to add (GitHub labels, GitLab labels). */
  labels: string[];
};

async function call(
  url: string,
  init: { method?: string; token: string; body?: unknown; gitlab?: boolean },
): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.gitlab
        ? { 'private-token': init.token }
        : {
            authorization: `Bearer ${init.token}`,
            accept: 'application/vnd.github+json',
          }),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { message: text.slice(0, 300) };
  }
  return { status: res.status, json };
}

function failure(what: string, status: number, json: any): Error {
  return new Error(`${what} answered ${status}: ${json?.message ?? ''}`.trim());
}

/** Opens (or finds) the request for `content.branch` on a remote repository. */
export async function openRequest(
  repo: Exclude<RepositoryRef, { provider: 'local' }>,
  token: string,
  content: RequestContent,
): Promise<OpenedRequest> {
  if (repo.provider === 'github') {
    const base = `${repo.apiBaseUrl.replace(/\/+$/, '')}/repos/${repo.owner}/${
      repo.repo
    }`;
    const existing = await call(
      `${base}/pulls?state=open&head=${encodeURIComponent(
        `${repo.owner}:${content.branch}`,
      )}`,
      { token },
    );
    if (
      existing.status === 200 &&
      Array.isArray(existing.json) &&
      existing.json[0]
    ) {
      return {
        url: existing.json[0].html_url,
        number: existing.json[0].number,
      };
    }
    const created = await call(`${base}/pulls`, {
      method: 'POST',
      token,
      body: {
        title: content.title,
        head: content.branch,
        base: content.base,
        body: content.body,
      },
    });
    if (created.status !== 201) {
      throw failure(
        `GitHub's pull request for ${repo.owner}/${repo.repo}`,
        created.status,
        created.json,
      );
    }
    if (content.labels.length) {
      // labels are a courtesy: a repository without them still gets its PR
      await call(`${base}/issues/${created.json.number}/labels`, {
        method: 'POST',
        token,
        body: { labels: content.labels },
      }).catch(() => undefined);
    }
    return { url: created.json.html_url, number: created.json.number };
  }
  const base = `${repo.apiBaseUrl.replace(
    /\/+$/,
    '',
  )}/projects/${encodeURIComponent(repo.project)}/merge_requests`;
  const existing = await call(
    `${base}?state=opened&source_branch=${encodeURIComponent(content.branch)}`,
    { token, gitlab: true },
  );
  if (
    existing.status === 200 &&
    Array.isArray(existing.json) &&
    existing.json[0]
  ) {
    return { url: existing.json[0].web_url, number: existing.json[0].iid };
  }
  const created = await call(base, {
    method: 'POST',
    token,
    gitlab: true,
    body: {
      source_branch: content.branch,
      target_branch: content.base,
      title: content.title,
      description: content.body,
      labels: content.labels.join(','),
    },
  });
  if (created.status !== 201) {
    throw failure(
      `GitLab's merge request for ${repo.project}`,
      created.status,
      created.json,
    );
  }
  return { url: created.json.web_url, number: created.json.iid };
}
