/**
 * Watches the processes that started this one through wrappers (npm exec / npx, and the `sh -c` npm runs a bin
 * in), so that the CLI stops its stack when its caller goes away: killing the npx wrapper with SIGINT, SIGTERM
 * or SIGKILL does not reach the CLI itself, which would otherwise live on with the whole stack. Linux /proc.
 */
import { readFileSync } from 'node:fs';
import { procStat } from './proc-stat.ts';

function procInfo(pid: number): { ppid: number; cmdline: string; start: string } | null {
  const fields = procStat(pid);
  if (!fields) return null;
  try {
    return {
      ppid: Number(fields[1]),
      cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
      start: fields[19]!,
    };
  } catch {
    return null;
  }
}

const WRAPPER = /(^|\/)(npm|npx)(\s|$)|npm-cli\.js|npx-cli\.js|^npm exec|^(\/bin\/)?sh -c /;

/**
 * The wrappers this process runs under: its parent and further ancestors as long as each is a wrapper (npm,
 * npx, `sh -c`). A shell or a terminal above them is not watched: a script may start the stack in the
 * background and exit, leaving it up (until --timeout).
 */
export function wrapperChain(pid = process.pid): { pid: number; start: string; cmdline: string }[] {
  const chain: { pid: number; start: string; cmdline: string }[] = [];
  let info = procInfo(pid);
  while (info && info.ppid > 1) {
    const parent = procInfo(info.ppid);
    if (!parent || !WRAPPER.test(parent.cmdline)) break;
    chain.push({ pid: info.ppid, start: parent.start, cmdline: parent.cmdline });
    info = parent;
  }
  return chain;
}

/** Calls `onGone` (once) as soon as a wrapper this process runs under has exited. */
export function watchCaller(onGone: (who: string) => void, intervalMs = 250): () => void {
  const chain = wrapperChain();
  const timer = setInterval(() => {
    const gone = chain.find((c) => procInfo(c.pid)?.start !== c.start);
    if (!gone) return;
    clearInterval(timer);
    onGone(`${gone.cmdline.split(' ').slice(0, 3).join(' ')} (pid ${gone.pid})`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
