import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runDir } from '../harness/processes';

/** Debian's rabbitmq-server (installed by scripts/bootstrap.d/template.sh). */
const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';

export type RabbitMq = {
  /** amqp://guest:guest@127.0.0.1:<port> */
  url: string;
  port: number;
  logFile: string;
  /**
   * A script running rabbitmqctl against this broker (its node name, port
   * mapper and cookie): the services' reconnect tests get it as
   * AMQP_TEST_CTL to close connections and restart the broker application.
   */
  ctl: string;
  /** Stops the broker and its port mapper, and removes its data folder. */
  stop(): Promise<void>;
};

/** Kills a detached child's whole process group (Erlang starts helpers). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts a throwaway RabbitMQ broker: its own data, log and config folder
 * (a new temp folder, removed by stop), a free loopback AMQP port, its own
 * Erlang port mapper on a free loopback port (run in the foreground so
 * that nothing outlives the test), guest access from loopback only.
 * Everything runs in process groups that stop() (or, should the test
 * process exit first, an exit hook) kills.
 */
export async function startRabbitMq(): Promise<RabbitMq> {
  if (!fs.existsSync(SERVER)) {
    throw new Error(
      `${SERVER} not found: run scripts/bootstrap --test (it installs Debian's rabbitmq-server as root)`,
    );
  }
  const [port, distPort, epmdPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // under the run's temp folder when there is one: scripts/test's clean-up
  // stops processes whose command line names it (the Erlang VM's does)
  const dir = fs.mkdtempSync(
    path.join(process.env.RUNWAY_TEST_TMP ?? os.tmpdir(), 'runway-rabbitmq-'),
  );
  const logFile = path.join(runDir(`rabbitmq-${port}`), 'rabbitmq.log');
  fs.writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = 127.0.0.1:${port}`,
      'loopback_users.guest = true',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  fs.writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  const env = {
    ...process.env,
    HOME: dir, // the Erlang cookie goes here
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    RABBITMQ_NODENAME: `runway-test-${port}@localhost`,
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };

  const ctl = path.join(dir, 'rabbitmqctl');
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(
    ctl,
    [
      '#!/bin/sh',
      ...(
        [
          'HOME',
          'RABBITMQ_CONF_ENV_FILE',
          'RABBITMQ_NODENAME',
          'ERL_EPMD_PORT',
          'ERL_EPMD_ADDRESS',
        ] as const
      ).map(k => `export ${k}=${quote(env[k])}`),
      `exec ${CTL} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );

  // epmd is run through a link inside `dir`, so that its command line names
  // the run's folder too (scripts/test's clean-up after a crash)
  const epmdLink = path.join(dir, 'epmd');
  fs.symlinkSync(fs.realpathSync('/usr/bin/epmd'), epmdLink);
  const out = fs.openSync(logFile, 'a');
  const epmd = spawn(epmdLink, ['-port', String(epmdPort)], {
    env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  const server = spawn(SERVER, [], {
    env,
    cwd: dir,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);

  const killAll = () => {
    killGroup(server, 'SIGKILL');
    killGroup(epmd, 'SIGKILL');
  };
  process.once('exit', killAll);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // SIGTERM: the Erlang VM stops the broker cleanly
    killGroup(server, 'SIGTERM');
    if (!(await waitExit(server, 20_000))) killGroup(server, 'SIGKILL');
    await waitExit(server, 5_000);
    killGroup(server, 'SIGKILL'); // helpers left in the group, if any
    killGroup(epmd, 'SIGTERM');
    if (!(await waitExit(epmd, 5_000))) killGroup(epmd, 'SIGKILL');
    process.removeListener('exit', killAll);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    const log = fs.readFileSync(logFile, 'utf8');
    if (/Server startup complete/.test(log)) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `RabbitMQ did not start (${
          server.exitCode !== null ? `exited ${server.exitCode}` : 'timeout'
        }):\n${log.split('\n').slice(-40).join('\n')}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    logFile,
    ctl,
    stop,
  };
}
