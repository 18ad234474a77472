import type { KubeConfig, RequestContext, SecurityAuthentication } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { RequestOptions } from 'node:https';
import { Agent } from 'undici';

/** Idle connections to the API server are kept this long (its own idle timeout is longer). */
const KEEP_ALIVE_MS = 30_000;
/**
 * No call to the API server waits longer than this, body included. A server that accepts a
 * connection and then says nothing (paused, partitioned, wedged, or a dead peer whose socket
 * lingers in the pool) would otherwise hold the call, and the HTTP request behind it, for
 * undici's 300 s; the caller gets no answer at all. Timed out, the call fails as "unreachable",
 * a 503 with Retry-After. Half the API server's own default request timeout (60 s).
 */
export const API_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The kubeconfig's authentication, with one keep-alive connection pool per TLS identity.
 * client-node 2.x makes a new undici Agent for every request, so every call pays a TCP and
 * TLS handshake; a create (Job, Secret, Service, resume) paid four. Headers (tokens, basic
 * auth) still come from client-node on every request; only the dispatcher is swapped, for
 * the pool of the CA, client certificate and key the kubeconfig gives now, so a rotated
 * certificate gets a new pool. Clusters behind a proxy keep client-node's own dispatcher.
 * Every call, pooled or not, is bounded by API_REQUEST_TIMEOUT_MS.
 */
export class PooledConnections implements SecurityAuthentication {
  private readonly pools = new Map<string, Agent>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly requestTimeoutMs = API_REQUEST_TIMEOUT_MS,
  ) {}

  getName(): string {
    return 'kubeconfig authentication with pooled connections';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await this.kubeConfig.applySecurityAuthentication(context);
    context.setSignal(timeoutSignal(context.getSignal(), this.requestTimeoutMs));
    if (this.kubeConfig.getCurrentCluster()?.proxyUrl) return;
    context.setDispatcher(await this.pool());
  }

  /** Closes every pool; requests still in flight finish first. */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private async pool(): Promise<Agent> {
    const tls: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(tls);
    const key = identity(tls);
    let pool = this.pools.get(key);
    if (!pool) {
      const { ca, cert, key: privateKey, pfx, passphrase, rejectUnauthorized, servername } = tls;
      pool = new Agent({
        keepAliveTimeout: KEEP_ALIVE_MS,
        connect: { ca, cert, key: privateKey, pfx, passphrase, rejectUnauthorized, servername },
      });
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/** The caller's signal, if any, that also aborts once `ms` have passed. */
function timeoutSignal(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** A digest of what makes a TLS identity, so that keys do not hold private keys in the clear. */
function identity(tls: RequestOptions): string {
  const parts = [tls.ca, tls.cert, tls.key, tls.pfx, tls.passphrase, tls.rejectUnauthorized, tls.servername];
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => (Buffer.isBuffer(part) ? part.toString('base64') : part))))
    .digest('hex');
}
