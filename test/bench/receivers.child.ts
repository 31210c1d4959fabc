/**
 * The hooks bench's receivers in their own process (as a team's servers would be): a webhook receiver that
 * answers 200 and an SMTP server that accepts every mail, each counting what it got. Prints
 * `webhooks <url>`, `smtp <url>` and `control <url>`; GET <control>/counts answers `{webhooks, mails}`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const counts = { webhooks: 0, mails: 0 };

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const hooks = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    counts.webhooks++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
const control = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(counts));
});
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      counts.mails++;
      callback(null, 'Message queued');
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as AddressInfo).port;
process.stdout.write(
  `webhooks ${await listen(hooks)}\nsmtp smtp://127.0.0.1:${smtpPort}\ncontrol ${await listen(control)}\n`,
);
process.on('SIGTERM', () => process.exit(0));
