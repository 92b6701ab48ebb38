// Running the PyTorch trainer (python/char_rnn_torch) from the tests, unit and integration alike:
// Debian's interpreter, the package on its path, torchrun on a port of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

export interface Ran { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

/** Why the PyTorch trainer cannot run here (no interpreter, no torch, no gloo), or undefined. */
export function torchMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch.distributed as d; assert d.is_available() and d.is_gloo_available(), "torch.distributed without gloo"'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} does not run (${r.error.message}); on Debian: apt-get install python3-torch libopenblas0-pthread`;
  if (r.status !== 0) return `${PYTHON} cannot use torch.distributed with gloo (${r.stderr.trim().split('\n').at(-1)}); on Debian: apt-get install python3-torch libopenblas0-pthread`;
  return undefined;
}

/** the environment a python process of the package gets: the package on its path, one thread */
function env(repo: string): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: join(repo, 'python', 'char_rnn_torch'), OMP_NUM_THREADS: '1' };
}

/** Starts `python3 args` (in a process group of its own, so that it can be killed whole);
 *  out() is what it printed so far. */
export function startPython(repo: string, args: string[]): { child: ChildProcess; done: Promise<Ran>; out: () => string } {
  const child = spawn(PYTHON, args, { cwd: repo, env: env(repo), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<Ran>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { child, done, out: () => out };
}

export function runPython(repo: string, args: string[]): Promise<Ran> {
  return startPython(repo, args).done;
}

/** A port nobody listens on now, for torchrun's store: tests of several engineers may run at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `torchrun --nproc_per_node=n -m char_rnn_torch.train args` (char_rnn_torch.torchrun: see there). */
export async function torchrunArgs(n: number, args: string[]): Promise<string[]> {
  return ['-m', 'char_rnn_torch.torchrun', `--nproc_per_node=${n}`, '--master_addr=127.0.0.1', `--master_port=${await freePort()}`,
    '-m', 'char_rnn_torch.train', ...args];
}

/** The JSON lines a run printed with --json (whole lines only: it may still be printing). */
export function jsonLines(out: string): Record<string, unknown>[] {
  return out.split('\n').slice(0, -1).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
