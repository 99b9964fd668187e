/**
 * The `containers` provider's machinery: a container started through testcontainers, labelled with the stack's id
 * (so that a reaper finds it after a crash), its output in `<service>.log` in the temp dir, and its removal. Ryuk
 * stays on unless the environment turns it off. What each service's container is, its file says (stack/services/).
 */
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { ServiceStartError } from '../errors.ts';
import { logTail } from '../log-tail.ts';
import type { StackContext } from '../services/types.ts';

export const STACK_LABEL = 'org.botserver-e2e.stack';
/** The stack's state.json: `container-engine.sh stop` reads its owner pid to tell a running stack from a leftover. */
export const STATE_LABEL = 'org.botserver-e2e.state';

function logTo(file: string) {
  return (stream: Readable) => {
    const out = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.pipe(out);
  };
}

/**
 * Starts `container` (image `image`) for the service `name` within SERVICE_READY_TIMEOUT, labelled and logged.
 * Resolves with the started container; throws a ServiceStartError naming the service, the image and its log.
 */
export async function startContainer<T extends StartedTestContainer>(
  name: string,
  ctx: StackContext,
  image: string,
  container: GenericContainer & { start(): Promise<T> },
): Promise<T> {
  const logFile = ctx.layout.log(name);
  const deadlineMs = ctx.config.serviceReadyMs;
  try {
    return (await container
      .withLabels({ [STACK_LABEL]: ctx.layout.id, [STATE_LABEL]: ctx.layout.stateFile })
      .withLogConsumer(logTo(logFile))
      .withStartupTimeout(deadlineMs)
      .start()) as T;
  } catch (e) {
    throw new ServiceStartError(
      name,
      `container ${image} did not start within ${Math.round(deadlineMs / 1000)} s: ${(e as Error).message}`,
      logFile,
      await logTail(logFile),
    );
  }
}

/** A throwaway container's stop: killed and removed at once (its data goes with it; nothing to shut down gracefully). */
export function removeContainer(c: StartedTestContainer): () => Promise<void> {
  return async () => {
    await c.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => undefined);
  };
}

/** The state.json entry of a started container listening on `port` (mapped): where, its id and image, its log. */
export function containerState(
  name: string,
  ctx: StackContext,
  c: StartedTestContainer,
  port: number,
  image: string,
  t0: number,
) {
  return {
    host: c.getHost(),
    port,
    containerId: c.getId(),
    image,
    kind: 'container',
    log: ctx.layout.log(name),
    status: 'ready' as const,
    readyMs: Date.now() - t0,
  };
}
