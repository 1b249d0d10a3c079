/**
 * Pure checks of template input: each returns the problem, naming the field,
 * or undefined when the value is acceptable.
 */

/** DNS-1123 label, 3 to 40 characters (Kubernetes names, ECR repositories). */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Characters that would break YAML, shell, Markdown or template files. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f`$\\<>{}]/;

/** Checks a service name; returns the problem or undefined. */
export function checkServiceName(name: string): string | undefined {
  if (name.length < 3 || name.length > 40) {
    return `name: must be 3 to 40 characters long (got ${name.length})`;
  }
  if (!SERVICE_NAME_PATTERN.test(name)) {
    return 'name: must be lower-case letters, digits and "-", starting with a letter and not ending with "-"';
  }
  return undefined;
}

/**
 * Checks one free-text parameter: no path traversal (`../`), no absolute
 * path, no characters that break the generated files.
 */
export function checkText(field: string, value: string): string | undefined {
  if (/(^|[\\/])\.\.([\\/]|$)/.test(value)) {
    return `${field}: must not contain a relative path ("../")`;
  }
  if (/^\s*(\/|~\/|[A-Za-z]:[\\/]|file:)/.test(value)) {
    return `${field}: must not be an absolute path`;
  }
  const unsafe = UNSAFE_CHARACTERS.exec(value);
  if (unsafe) {
    const shown =
      unsafe[0].charCodeAt(0) < 0x20 || unsafe[0] === '\u007f'
        ? 'control characters or line breaks'
        : `"${unsafe[0]}"`;
    return `${field}: must not contain ${shown} (not allowed: line breaks, \` $ \\ < > { })`;
  }
  return undefined;
}

/** A GitHub organisation or user name: letters, digits, single hyphens, 1-39. */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** One segment of a GitLab namespace path (group, subgroup or user). */
const GITLAB_SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])?$/;

/**
 * The problem with a repository owner for a provider, naming `field`, or
 * undefined when it is fine: a GitHub organisation or user name, or a GitLab
 * group path (`payments` or `payments/core`, at most 20 levels).
 */
export function checkRepositoryOwner(
  provider: 'github' | 'gitlab',
  owner: string,
  field = 'owner',
): string | undefined {
  if (provider === 'github') {
    return GITHUB_OWNER.test(owner)
      ? undefined
      : `${field}: "${owner}" is not a GitHub organisation or user name (letters, digits and single hyphens, at most 39 characters)`;
  }
  const segments = owner.split('/');
  const ok =
    segments.length <= 20 &&
    segments.every(
      s =>
        GITLAB_SEGMENT.test(s) &&
        !s.includes('..') &&
        !/\.(git|atom)$/i.test(s),
    );
  return ok
    ? undefined
    : `${field}: "${owner}" is not a GitLab group path (letters, digits, "_", "-" and "." in each level, levels separated by "/", e.g. payments/core)`;
}
