import { describe, expect, it } from '@jest/globals';
import { createConfiguration, HttpMethod, KubeConfig, RequestContext, ServerConfiguration, VersionApi } from '@kubernetes/client-node';
import { createServer, type Socket } from 'node:net';
import { RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { PooledConnections } from './connection-pool.js';
import { fromApiError } from './kube.errors.js';

function kubeConfig(user: { name: string; token?: string; certData?: string; keyData?: string }, proxyUrl?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caData: Buffer.from('ca').toString('base64'), proxyUrl },
    ],
    users: [user],
    contexts: [{ name: 'x', cluster: 'c', user: user.name }],
    currentContext: 'x',
  });
  return kc;
}

const request = () => new RequestContext('https://127.0.0.1:6443/api/v1/namespaces', HttpMethod.GET);

async function applied(sut: PooledConnections): Promise<RequestContext> {
  const context = request();
  await sut.applySecurityAuthentication(context);
  return context;
}

describe('PooledConnections', () => {
  it('gives every request of one TLS identity the same connection pool', async () => {
    const sut = new PooledConnections(kubeConfig({ name: 'u', token: 't' }));
    const [first, second] = [await applied(sut), await applied(sut)];
    expect(first.getDispatcher()).toBeDefined();
    expect(second.getDispatcher()).toBe(first.getDispatcher());
    await sut.close();
  });

  it('still sets the credentials headers from the kubeconfig on each request', async () => {
    const sut = new PooledConnections(kubeConfig({ name: 'u', token: 'secret-token' }));
    expect((await applied(sut)).getHeaders()).toMatchObject({ Authorization: 'Bearer secret-token' });
    await sut.close();
  });

  it('keeps a pool per client certificate, so a rotated certificate gets fresh connections', async () => {
    const kc = kubeConfig({
      name: 'u',
      certData: Buffer.from('cert-1').toString('base64'),
      keyData: Buffer.from('key').toString('base64'),
    });
    const sut = new PooledConnections(kc);
    const before = (await applied(sut)).getDispatcher();
    kc.users[0] = { ...kc.users[0], certData: Buffer.from('cert-2').toString('base64') };
    expect((await applied(sut)).getDispatcher()).not.toBe(before);
    await sut.close();
  });

  it("leaves client-node's own dispatcher for a cluster behind a proxy", async () => {
    const sut = new PooledConnections(kubeConfig({ name: 'u', token: 't' }, 'http://proxy.example:3128'));
    const [first, second] = [await applied(sut), await applied(sut)];
    expect(second.getDispatcher()).not.toBe(first.getDispatcher());
    await sut.close();
  });

  it('gives up on an API server that accepts the connection and never answers, as unreachable', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const server = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const sut = new PooledConnections(kc, 200);
    const api = new VersionApi(createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: sut } }));
    try {
      const error = await api.getCode().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(held.length).toBe(1);
      expect(fromApiError(error, 'job')).toBeInstanceOf(RuntimeUnavailableError);
    } finally {
      held.forEach((socket) => socket.destroy());
      await sut.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
