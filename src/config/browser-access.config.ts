import { isIP } from 'node:net';
import type { Setting, SettingSources } from './setting-sources.config.js';

/** The names by which a browser on this machine reaches a loopback listener. */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a listen address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * The Host names a request may name. On loopback a browser page can only reach the scheduler
 * through a name that resolves to this machine; answering to any other name is what DNS
 * rebinding needs, so only loopback names and configured ones are accepted. Elsewhere (behind
 * a Service) nothing is checked unless names are configured.
 */
export function allowedHostsFor(listenHost: string, configured: string[] | undefined): string[] | undefined {
  if (isLoopback(listenHost)) return [...new Set([...LOOPBACK_HOST_NAMES, ...(configured ?? [])])];
  return configured;
}

/** A comma-separated list of origins such as `https://console.example.com`; wildcards are refused. */
export function parseOrigins(sources: SettingSources, setting: Setting): string[] {
  const { value, name } = sources.raw(setting);
  const origins: string[] = [];
  for (const item of splitList(value)) {
    const origin = asOrigin(item);
    if (origin) origins.push(origin);
    else
      sources.problems.push(
        `${name}=${value}: ${item} is not an origin like https://console.example.com (scheme, host and optional port; no path, no wildcard)`,
      );
  }
  return origins;
}

/** A comma-separated list of host names (no port), such as `scheduler.example.com`. */
export function parseHostNames(sources: SettingSources, setting: Setting): string[] | undefined {
  const { value, name } = sources.raw(setting);
  if (value === undefined) return undefined;
  const hosts: string[] = [];
  for (const item of splitList(value)) {
    const host = item.toLowerCase();
    if (/^(\[[0-9a-f:.]+\]|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.test(host)) hosts.push(host);
    else sources.problems.push(`${name}=${value}: ${item} is not a host name like scheduler.example.com (no port, no wildcard)`);
  }
  return hosts;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function asOrigin(text: string): string | undefined {
  if (text.includes('*')) return undefined;
  try {
    const url = new URL(text);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !text.endsWith('/');
    return bare && ['http:', 'https:'].includes(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
