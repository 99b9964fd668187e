/**
 * Faults, for the fault specs: one service of the stack (one whose file says `faults: true`: PostgreSQL, Redis, the
 * LLM stand-in; local provider) stopped while the platform keeps running, and started again on the same port with
 * the same data.
 */
import type { StackContext, StackService, StartedService } from '../services/types.ts';
import { stateNameOf } from '../services/registry.ts';
import type { StackLedger } from './ledger.ts';

/** A service's key (stack/services/<key>.ts) whose file allows fault specs to stop it. */
export type FaultableService = string;

/** The started service `key` of `plan`, when its file lets a fault spec stop it; throws naming the file otherwise. */
export function faultable(
  plan: readonly { service: StackService }[],
  key: FaultableService,
  ctx: StackContext,
): StartedService | undefined {
  const def = plan.find((p) => p.service.key === key)?.service;
  if (!def) throw new Error(`this stack runs no ${key} service (stack/services/)`);
  if (!def.faults) throw new Error(`a fault spec may not stop ${key}: stack/services/${key}.ts says faults: false`);
  return ctx.started.get(stateNameOf(def, ctx));
}

function restartable(svc: StartedService | undefined, name: FaultableService, provider: string | undefined) {
  const r = svc?.restartable;
  if (!r)
    throw new Error(
      `${name} cannot be stopped and restarted in this stack (the ${provider} provider): the fault specs need STACK_PROVIDER=local`,
    );
  return r;
}

/** Stops the started service `svc` (key `name`) and records it as interrupted in state.json; throws (naming STACK_PROVIDER=local) where it cannot. */
export async function interrupt(
  svc: StartedService | undefined,
  ledger: StackLedger,
  name: FaultableService,
): Promise<void> {
  await restartable(svc, name, ledger.state.provider).stop();
  ledger.state.services[name] = { ...ledger.state.services[name]!, status: 'interrupted' };
  await ledger.save();
}

/** Starts it again (same port, same data), waits until it is ready and records its new pid. */
export async function restore(
  svc: StartedService | undefined,
  ledger: StackLedger,
  name: FaultableService,
): Promise<void> {
  const pid = await restartable(svc, name, ledger.state.provider).restart();
  ledger.state.services[name] = { ...ledger.state.services[name]!, pid, status: 'ready' };
  await ledger.save();
}
