import Fastify from 'fastify';

/** The baseline: a bare Fastify app that echoes a JSON body, nothing else. */
export async function startEchoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.post('/echo', async (request) => request.body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the echo server has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
