/**
 * Runs one stand-in as a process of its own, bound to 127.0.0.1 (the stack starts each one like this).
 *   node standins/serve.ts llm|directory|vault --port N
 * directory: STANDIN_CLIENT_ID, STANDIN_CLIENT_SECRET, STANDIN_SEED_USERS (JSON array of {email,password}).
 * vault: STANDIN_VAULT_SECRETS (JSON object: path -> key/value strings).
 */
import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import { createLlmStandIn } from './llm/server.ts';
import { createDirectoryStandIn } from './directory/server.ts';
import { createVaultStandIn } from './vault/server.ts';

const { values, positionals } = parseArgs({ options: { port: { type: 'string' } }, allowPositionals: true });
const name = positionals[0];
const port = Number(values.port);

function need(variable: string): string {
  const v = process.env[variable];
  if (!v) {
    console.error(`${variable} is not set: the stack sets it when it starts the ${name} stand-in`);
    process.exit(2);
  }
  return v;
}

let server: Server;
switch (name) {
  case 'llm':
    server = createLlmStandIn();
    break;
  case 'directory':
    server = createDirectoryStandIn({
      clientId: need('STANDIN_CLIENT_ID'),
      clientSecret: need('STANDIN_CLIENT_SECRET'),
      seedUsers: JSON.parse(process.env.STANDIN_SEED_USERS ?? '[]'),
    });
    break;
  case 'vault':
    server = createVaultStandIn(JSON.parse(need('STANDIN_VAULT_SECRETS')));
    break;
  default:
    console.error('usage: node standins/serve.ts llm|directory|vault --port N');
    process.exit(2);
}
if (!Number.isInteger(port) || port <= 0) {
  console.error('--port N is required');
  process.exit(2);
}
server.listen(port, '127.0.0.1', () => console.log(`${name} stand-in listening on http://127.0.0.1:${port}`));
server.on('error', (e) => {
  console.error(`${name} stand-in: ${e.message}`);
  process.exit(1);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
