import { ConfigError } from '../errors.ts';
import type { ProviderChoice } from '../config.ts';
import type { ProviderName } from './provider.ts';

/** The provider a stack runs on, and why (the stack's first log line, state.json's providerReason). */
export interface ProviderDecision {
  provider: ProviderName;
  reason: string;
}

const DETECT_MS = 2000;

/** Whether a container runtime answers, decided within 2 s. Returns the failure text when none does. */
export async function containerRuntimeAnswers(): Promise<{ ok: true; info: string } | { ok: false; why: string }> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${DETECT_MS} ms`)), DETECT_MS).unref(),
    );
    const client = await Promise.race([getContainerRuntimeClient(), timeout]);
    return {
      ok: true,
      info: `${client.info.containerRuntime.host} (${client.info.containerRuntime.remoteSocketPath ?? 'socket'})`,
    };
  } catch (e) {
    return { ok: false, why: (e as Error).message.split('\n')[0] ?? String(e) };
  }
}

const HOW_TO_GET_A_RUNTIME =
  'start Docker (or run `bash scripts/container-engine.sh start` and eval its exports), set DOCKER_HOST to a running engine, or use STACK_PROVIDER=local';

/** auto: containers when a runtime answers, else local. containers forced without a runtime: a clear error. */
export async function selectProvider(choice: ProviderChoice): Promise<ProviderDecision> {
  if (choice === 'local') return { provider: 'local', reason: 'STACK_PROVIDER=local' };
  const runtime = await containerRuntimeAnswers();
  if (choice === 'containers') {
    if (!runtime.ok) {
      throw new ConfigError(
        'STACK_PROVIDER',
        `containers was asked for, but no container runtime answers (${runtime.why}; DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset, so the default socket /var/run/docker.sock'}): ${HOW_TO_GET_A_RUNTIME}`,
      );
    }
    return { provider: 'containers', reason: `STACK_PROVIDER=containers; runtime at ${runtime.info}` };
  }
  return runtime.ok
    ? { provider: 'containers', reason: `auto: a container runtime answers at ${runtime.info}` }
    : { provider: 'local', reason: `auto: no container runtime answers (${runtime.why}), so local processes` };
}
