/*
 * Where an entity's files may be read from: the repository a URL points
 * into, and the catalog locations an organisation configured itself
 * (docs/adr/0017-url-references-only-in-the-entitys-own-repository.md).
 */
import path from 'node:path';
import { RootConfigService as Config } from '@backstage/backend-plugin-api';

/**
 * The repository a URL on a git host points into: protocol, host and the
 * path up to the repository, lower-cased (`owner/repo` on GitHub and
 * Bitbucket Cloud, the path before `/-/` on GitLab, `org/project/_git/repo`
 * on Azure DevOps, `projects/P/repos/R` on Bitbucket Server). Dot segments
 * are resolved first, as the URL reader would; undefined for anything that
 * is not an http(s) URL with a whole repository path.
 */
export function repositoryOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return undefined;
  }
  const parts = parsed.pathname.split('/').slice(1);
  const gitlab = parts.indexOf('-');
  const azure = parts.indexOf('_git');
  let length = 2;
  if (gitlab > 0) length = gitlab;
  else if (parts[0] === 'projects' && parts[2] === 'repos') length = 4;
  else if (azure > 0) length = azure + 2;
  const repo = parts.slice(0, length);
  if (repo.length < length || !repo.every(Boolean)) return undefined;
  return `${parsed.protocol}//${parsed.host}/${repo.join('/')}`.toLowerCase();
}

/**
 * The origin locations (`backstage.io/managed-by-origin-location` values)
 * of the locations in `catalog.locations`, as the catalog writes them: file
 * targets resolved against the working directory.
 */
export function trustedOriginsFromConfig(config: Config): string[] {
  return (config.getOptionalConfigArray('catalog.locations') ?? []).map(l => {
    const type = l.getString('type');
    const target = l.getString('target');
    return `${type}:${type === 'file' ? path.resolve(target) : target}`;
  });
}
