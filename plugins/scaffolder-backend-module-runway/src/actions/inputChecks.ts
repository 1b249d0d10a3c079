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
