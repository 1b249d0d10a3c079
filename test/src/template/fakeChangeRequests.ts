/*
 * The pull requests of the fake GitHub and the merge requests of the fake
 * GitLab (fakeGitHosts.ts), as those hosts answer the calls that open them:
 * GitHub's `GET/POST /repos/{o}/{r}/pulls` and
 * `POST /repos/{o}/{r}/issues/{n}/labels`, GitLab's
 * `GET/POST /projects/:id/merge_requests`. Each route is a function from
 * the call to the status and JSON the host answers; the hosts record the
 * calls and hold the stores that tests assert.
 */

/** A pull request the fake GitHub holds. */
export type FakePullRequest = {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  /** The head branch (of the same repository). */
  head: string;
  base: string;
  state: 'open' | 'closed';
  html_url: string;
  labels: string[];
};

/** A merge request the fake GitLab holds. */
export type FakeMergeRequest = {
  /** The project's path (group path and name). */
  project: string;
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed' | 'merged';
  web_url: string;
  labels: string[];
};

/** The repository a request targets, as the fake host sees it. */
export type RepositoryView = {
  /** The web URL of the repository (no trailing slash). */
  webUrl: string;
  /** Whether `branch` was pushed. */
  hasBranch(branch: string): boolean;
  /** Commits on `head` that are not on `base`. */
  commitsBetween(base: string, head: string): number;
};

/** What a route answers: status and JSON body. */
export type Answer = [status: number, body: unknown];

const validationFailed = (errors: object[]): Answer => [
  422,
  {
    message: 'Validation Failed',
    errors,
    documentation_url:
      'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  },
];

const pullJson = (pr: FakePullRequest) => ({
  number: pr.number,
  state: pr.state,
  title: pr.title,
  body: pr.body,
  html_url: pr.html_url,
  head: { ref: pr.head, label: `${pr.owner}:${pr.head}` },
  base: { ref: pr.base, label: `${pr.owner}:${pr.base}` },
  labels: pr.labels.map(name => ({ name })),
});

/**
 * GitHub's pull request routes of `owner/repo` (`rest` is the path after
 * `/repos/{o}/{r}`); undefined when `rest` is not one of them. Pull requests
 * and issues share their numbers, and the fake has no issues.
 */
export function pullRequestRoute(
  store: FakePullRequest[],
  call: { method: string; query: Record<string, string>; body?: any },
  target: { owner: string; repo: string; rest: string } & RepositoryView,
): Answer | undefined {
  const { owner, repo, rest } = target;
  const ofRepo = store.filter(pr => pr.owner === owner && pr.repo === repo);
  if (rest === '/pulls' && call.method === 'GET') {
    const state = call.query.state ?? 'open';
    const head = call.query.head;
    return [
      200,
      ofRepo
        .filter(pr => state === 'all' || pr.state === state)
        .filter(pr => !head || `${pr.owner}:${pr.head}` === head)
        .map(pullJson),
    ];
  }
  if (rest === '/pulls' && call.method === 'POST') {
    const missing = ['title', 'head', 'base'].filter(
      field => typeof call.body?.[field] !== 'string' || !call.body[field],
    );
    if (missing.length) {
      return validationFailed(
        missing.map(field => ({
          resource: 'PullRequest',
          field,
          code: 'missing_field',
        })),
      );
    }
    const [headOwner, head] = call.body.head.includes(':')
      ? call.body.head.split(':')
      : [owner, call.body.head];
    const base = String(call.body.base);
    for (const [field, branch] of [
      ['head', head],
      ['base', base],
    ]) {
      // a fork's head, or a branch that was not pushed
      if (
        (field === 'head' && headOwner !== owner) ||
        !target.hasBranch(branch)
      ) {
        return validationFailed([
          { resource: 'PullRequest', field, code: 'invalid' },
        ]);
      }
    }
    if (ofRepo.some(pr => pr.state === 'open' && pr.head === head)) {
      return validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${owner}:${head}.`,
        },
      ]);
    }
    if (target.commitsBetween(base, head) === 0) {
      return validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${base} and ${head}`,
        },
      ]);
    }
    const number = ofRepo.length + 1;
    const pr: FakePullRequest = {
      owner,
      repo,
      number,
      title: call.body.title,
      body: String(call.body.body ?? ''),
      head,
      base,
      state: 'open',
      html_url: `${target.webUrl}/pull/${number}`,
      labels: [],
    };
    store.push(pr);
    return [201, pullJson(pr)];
  }
  const labels = /^\/issues\/(\d+)\/labels$/.exec(rest);
  if (labels && call.method === 'POST') {
    const pr = ofRepo.find(p => p.number === Number(labels[1]));
    if (!pr) return [404, { message: 'Not Found' }];
    const given: unknown = Array.isArray(call.body)
      ? call.body
      : call.body?.labels;
    if (!Array.isArray(given) || !given.every(l => typeof l === 'string')) {
      return validationFailed([
        { resource: 'Label', field: 'labels', code: 'invalid' },
      ]);
    }
    for (const label of given) {
      if (!pr.labels.includes(label)) pr.labels.push(label);
    }
    return [200, pr.labels.map(name => ({ name }))];
  }
  return undefined;
}

const mergeRequestJson = (mr: FakeMergeRequest) => ({
  iid: mr.iid,
  state: mr.state,
  title: mr.title,
  description: mr.description,
  source_branch: mr.source_branch,
  target_branch: mr.target_branch,
  web_url: mr.web_url,
  labels: mr.labels,
});

/**
 * GitLab's merge request routes of `project` (`sub` is the path after
 * `/projects/:id/`); undefined when `sub` is not one of them.
 */
export function mergeRequestRoute(
  store: FakeMergeRequest[],
  call: { method: string; query: Record<string, string>; body?: any },
  target: { project: string; sub: string } & RepositoryView,
): Answer | undefined {
  const { project, sub } = target;
  if (sub !== 'merge_requests') return undefined;
  const ofProject = store.filter(mr => mr.project === project);
  if (call.method === 'GET') {
    const { state = 'all', source_branch, target_branch } = call.query;
    return [
      200,
      ofProject
        .filter(mr => state === 'all' || mr.state === state)
        .filter(mr => !source_branch || mr.source_branch === source_branch)
        .filter(mr => !target_branch || mr.target_branch === target_branch)
        .map(mergeRequestJson),
    ];
  }
  if (call.method !== 'POST') return undefined;
  for (const field of ['source_branch', 'target_branch', 'title']) {
    if (typeof call.body?.[field] !== 'string' || !call.body[field]) {
      return [400, { error: `${field} is missing` }];
    }
  }
  const source = String(call.body.source_branch);
  const targetBranch = String(call.body.target_branch);
  for (const [field, branch] of [
    ['source_branch', source],
    ['target_branch', targetBranch],
  ]) {
    if (!target.hasBranch(branch)) {
      return [400, { message: { [field]: ['does not exist'] } }];
    }
  }
  const open = ofProject.find(
    mr => mr.state === 'opened' && mr.source_branch === source,
  );
  if (open) {
    return [
      409,
      {
        message: [
          `Another open merge request already exists for this source branch: !${open.iid}`,
        ],
      },
    ];
  }
  const iid = ofProject.length + 1;
  const labels = call.body.labels;
  const mr: FakeMergeRequest = {
    project,
    iid,
    title: call.body.title,
    description: String(call.body.description ?? ''),
    source_branch: source,
    target_branch: targetBranch,
    state: 'opened',
    web_url: `${target.webUrl}/-/merge_requests/${iid}`,
    labels: (Array.isArray(labels) ? labels : String(labels ?? '').split(','))
      .map((l: string) => l.trim())
      .filter(Boolean),
  };
  store.push(mr);
  return [201, mergeRequestJson(mr)];
}
