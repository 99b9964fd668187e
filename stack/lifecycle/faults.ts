/**
 * Faults, for the fault specs: one service of the stack (PostgreSQL, Redis or the LLM stand-in; local provider)
 * stopped while the platform keeps running, and started again on the same port with the same data.
 */
import type { Restartable } from '../restartable.ts';
import type { StartedService } from '../services/types.ts';
import type { StackLedger } from './ledger.ts';

export type FaultableService = 'postgres' | 'redis' | 'llm';

function restartable(services: Map<string, StartedService>, name: FaultableService, provider: string | undefined): Restartable {
  const r = services.get(name)?.restartable;
  if (!r) throw new Error(`${name} cannot be stopped and restarted in this stack (the ${provider} provider): the fault specs need STACK_PROVIDER=local`);
  return r;
}

/** Stops `name` and records it as interrupted in state.json; throws (naming STACK_PROVIDER=local) where it cannot. */
export async function interrupt(services: Map<string, StartedService>, ledger: StackLedger, name: FaultableService): Promise<void> {
  await restartable(services, name, ledger.state.provider).stop();
  ledger.state.services[name] = { ...ledger.state.services[name]!, status: 'interrupted' };
  await ledger.save();
}

/** Starts `name` again (same port, same data), waits until it is ready and records its new pid. */
export async function restore(services: Map<string, StartedService>, ledger: StackLedger, name: FaultableService): Promise<void> {
  const pid = await restartable(services, name, ledger.state.provider).restart();
  ledger.state.services[name] = { ...ledger.state.services[name]!, pid, status: 'ready' };
  await ledger.save();
}
