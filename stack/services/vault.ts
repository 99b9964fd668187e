/**
 * The Vault stand-in (standins/vault/): KV-v2 with what the other services give Vault (their `vaultSecrets`; the
 * database's `gbo/tables`). Real builds read their database from Vault only (§11.1).
 * - runs: for a real build only (BOTSERVER_BIN), with the platform.
 * - needs: every service that gives Vault a secret. Starts the same on every provider (a process of the suite's own).
 * - exports: nothing.
 * - the platform's env: VAULT_ADDR and VAULT_TOKEN.
 * - faults: not stopped by fault specs.
 */
import { standInService } from '../standin-process.ts';
import type { StackService } from './types.ts';

const vault: StackService = {
  key: 'vault',
  needs: (others) => others.filter((o) => o.vaultSecrets).map((o) => o.key),
  when: (ctx) => ctx.withPlatform && !!ctx.config.botserverBin,
  start: {
    any: (ctx) => {
      const secrets = Object.assign(
        {},
        ...ctx.running.filter((o) => o.vaultSecrets).map((o) => o.vaultSecrets!(ctx.service(o.key), ctx)),
      );
      return standInService(ctx, 'vault', { STANDIN_VAULT_SECRETS: JSON.stringify(secrets) });
    },
  },
  about: {
    needs: 'what gives Vault a secret',
    startsOn: 'a stand-in; real builds only',
    platform: '`VAULT_ADDR`, `VAULT_TOKEN`',
  },
  exports: [],
  platformEnv: (svc, ctx) => ({ VAULT_ADDR: svc.url!, VAULT_TOKEN: ctx.secrets.vaultToken }),
  faults: false,
};
export default vault;
