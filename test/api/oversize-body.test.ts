import { connect } from 'node:net';
import { startApp, type RunningApp, unreachableBackends } from '../support/apps';

/**
 * A request that declares a body larger than any route takes is answered 413 from its headers,
 * at once, without the server waiting for (or reading) the body, and without credentials.
 */
describe('the API and a declared oversize body', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp('api', unreachableBackends);
  });

  afterAll(async () => {
    await api?.app.close();
  });

  /** Sends only the head of a request and returns the status line the server answers with. */
  const statusOfHeadOnly = (head: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      const socket = connect(Number(port), hostname, () => socket.write(head));
      let received = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within 5 s; received: ${JSON.stringify(received)}`));
      }, 5_000);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        const line = received.split('\r\n')[0];
        if (received.includes('\r\n')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(line);
        }
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });

  it('answers 413 from the headers alone, before any body byte arrives', async () => {
    const line = await statusOfHeadOnly(
      'POST /processes/customer-onboarding HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n',
    );
    expect(line).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers a small declared body normally (the server then waits for it)', async () => {
    await expect(
      statusOfHeadOnly(
        'POST /processes/customer-onboarding HTTP/1.1\r\nHost: localhost\r\n' +
          'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      ),
    ).resolves.toMatch(/^HTTP\/1\.1 401 /);
  });
});
