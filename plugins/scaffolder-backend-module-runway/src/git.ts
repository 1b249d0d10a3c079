import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '@backstage/errors';

/*
 * The one way the actions run git. The repositories they touch hold files
 * from a workspace a template wrote, so git must not run commands that a
 * repository's own config or hooks name: hooks and fsmonitor are off,
 * filter drivers from the repository's config are reset, a repository that
 * names its remote's programs is refused, only local repositories can be
 * reached, and neither the system config, the user's global config nor an
 * inherited GIT_* variable (GIT_DIR, GIT_INDEX_FILE, GIT_CONFIG_PARAMETERS,
 * ...) applies.
 */

const run = promisify(execFile);

/** The longest a git command may take unless the caller says otherwise. */
export const GIT_TIMEOUT_MS = 60_000;

/**
 * Config given to every git command, taking precedence over the
 * repository's own: no hooks, no fsmonitor command, no signing program,
 * no submodules, and local (file) repositories only.
 */
export const GIT_HARDENING_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'commit.gpgSign=false',
  'submodule.recurse=false',
  'protocol.allow=never',
  'protocol.file.allow=user',
];

/**
 * Keys of a repository's config (its `.git/config` and the files it
 * includes) that name commands git would run for add, status, commit, push
 * or pull: filter drivers, and the pack programs and helper of remotes.
 */
const COMMAND_KEYS =
  '^(filter\\..+\\.(clean|smudge|process)|remote\\..+\\.(uploadpack|receivepack|vcs))$';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Runway',
  GIT_AUTHOR_EMAIL: 'runway@localhost',
  GIT_COMMITTER_NAME: 'Runway',
  GIT_COMMITTER_EMAIL: 'runway@localhost',
};

/** The process environment without GIT_* variables, plus Runway's. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    ...IDENTITY,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
  };
}

async function exec(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string> {
  const argv = GIT_HARDENING_CONFIG.flatMap(c => ['-c', c]).concat(args);
  try {
    const { stdout } = await run('git', argv, {
      cwd,
      env,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return stdout.trim();
  } catch (error) {
    const e = error as Error & {
      killed?: boolean;
      code?: number | string;
      stderr?: string;
    };
    const what = `git ${args[0]} in ${cwd}`;
    if (e.killed) {
      throw new Error(`${what} timed out after ${timeoutMs} ms`, {
        cause: error,
      });
    }
    const detail = e.stderr?.trim() || e.message;
    throw new Error(`${what} failed (exit ${e.code}): ${detail}`, {
      cause: error,
    });
  }
}

/** The commands that run a remote's programs. */
const REMOTE_COMMANDS = new Set(['fetch', 'ls-remote', 'pull', 'push']);

/**
 * Config overrides for the repository at `cwd` that reset the commands its
 * config names: filter drivers to none (passed as GIT_CONFIG_KEY_n /
 * GIT_CONFIG_VALUE_n, which hold any key name). A remote's programs cannot
 * be overridden (git keeps the first value it reads), so a command that
 * talks to a remote is refused in a repository that names them.
 */
async function commandOverrides(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<NodeJS.ProcessEnv> {
  let names: string[];
  try {
    const out = await exec(
      [
        'config',
        '--local',
        '--includes',
        '--null',
        '--name-only',
        '--get-regexp',
        COMMAND_KEYS,
      ],
      cwd,
      env,
      timeoutMs,
    );
    names = out.split('\0').filter(Boolean);
  } catch {
    // not inside a repository, or no such keys
    return {};
  }
  const remote = names.find(n => n.startsWith('remote.'));
  if (remote && REMOTE_COMMANDS.has(command)) {
    throw new InputError(
      `the git repository at ${cwd} sets ${remote}: Runway does not run commands a repository's config names`,
    );
  }
  names = names.filter(n => n.startsWith('filter.'));
  const overrides: NodeJS.ProcessEnv = {
    GIT_CONFIG_COUNT: String(names.length),
  };
  names.forEach((name, i) => {
    overrides[`GIT_CONFIG_KEY_${i}`] = name;
    overrides[`GIT_CONFIG_VALUE_${i}`] = '';
  });
  return overrides;
}

/**
 * Runs `git <args>` in `cwd` with Runway's identity and the hardening
 * described in `GIT_HARDENING_CONFIG`, plus: the repository's filter
 * drivers reset; fetch, ls-remote, pull and push refused (`InputError`) in a
 * repository whose config names its remote's programs;
 * `GIT_CONFIG_NOSYSTEM=1`, `GIT_CONFIG_GLOBAL=/dev/null`, no inherited
 * GIT_* variables, no prompts; and a timeout (default `GIT_TIMEOUT_MS`).
 * Returns stdout, trimmed; a failure names the command, the folder and
 * git's message.
 */
export async function git(
  args: string[],
  cwd: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
  const env = baseEnv();
  const overrides = await commandOverrides(args[0], cwd, env, timeoutMs);
  return exec(args, cwd, { ...env, ...overrides }, timeoutMs);
}

/**
 * Stages everything in the working tree at `dir` and commits it with
 * `message`. Returns the new commit's hash, or undefined when there was
 * nothing to commit.
 */
export async function commitAll(
  dir: string,
  message: string,
): Promise<string | undefined> {
  await git(['add', '--all'], dir);
  if ((await git(['status', '--porcelain'], dir)) === '') return undefined;
  await git(['commit', '--quiet', '-m', message], dir);
  return git(['rev-parse', 'HEAD'], dir);
}
