import { readFileSync } from 'node:fs';

/**
 * Enough to recognise a process again after the scheduler restarted: a pid alone may have
 * been reused by then, a pid with its start time (clock ticks since boot) and the boot id
 * cannot. Linux only; elsewhere nothing can be proven and orphans are left alone.
 */
export interface ProcessIdentity {
  pid: number;
  startTicks: string;
  bootId?: string;
}

/** The identity of a running process, or undefined when /proc cannot tell (not Linux, gone). */
export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readStat(pid);
  return stat ? { pid, startTicks: stat.startTicks, bootId: readBootId() } : undefined;
}

/** True only when the process still runs, still leads its process group, and is the one identified. */
export function isSameProcess(identity: ProcessIdentity): boolean {
  const stat = readStat(identity.pid);
  return stat !== undefined && stat.pgrp === identity.pid && stat.startTicks === identity.startTicks && readBootId() === identity.bootId;
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Fields of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function readStat(pid: number): { pgrp: number; startTicks: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, starttime field 22.
    return { pgrp: Number(fields[2]), startTicks: fields[19] };
  } catch {
    return undefined;
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}
