/**
 * The vector store: Qdrant, where the platform indexes bots' knowledge bases (`<bot>.gbkb/<kb>/`) and searches them
 * (contract §11.10; docs/contract.md "Knowledge bases").
 * - needs: nothing.
 * - local: Qdrant's own engine, the PyPI wheel qdrant-edge-py (in-process, no HTTP server of its own), behind a
 *   small HTTP server of ours (stack/qdrant-edge-server.py: exactly the REST routes BotServer calls, Qdrant's JSON
 *   shapes, every request recorded at `/__admin/requests`), from the project's venv that scripts/setup.sh makes. It
 *   is not the Qdrant server and says so in state.json.
 * - containers: the `qdrant/qdrant` image (QDRANT_IMAGE) through @testcontainers/qdrant, where that image is on the
 *   machine or can be pulled; on a machine without a registry scripts/container-engine.sh builds
 *   `botserver-e2e/qdrant-edge` (the same engine and server as the local provider, in a container: not the Qdrant
 *   server, and named so); otherwise it fails saying it needs the image.
 * - exports: QDRANT_URL.
 * - the platform's env: QDRANT_URL (BotServer's chat searches it from there, §11.10 KC:123-131). Each bot's
 *   `vectordb-url` (what indexing reads) is the default bot's config.csv row, which s3.ts seeds and stack/bot-deploy.ts
 *   copies into every deployed bot's.
 * - faults: not stopped by fault specs.
 */
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimPort } from '../port-claims.ts';
import { ManagedProcess } from '../managed-process.ts';
import { waitUntilReady } from '../readiness.ts';
import { httpOk } from '../checks.ts';
import { ServiceStartError } from '../errors.ts';
import { containerState, removeContainer, startContainer } from '../providers/containers.ts';
import type { StackContext, StackService, StartedService } from './types.ts';

const SERVER = fileURLToPath(new URL('../qdrant-edge-server.py', import.meta.url));
/** The venv scripts/setup.sh makes for qdrant-edge-py (under node_modules/, which git ignores and npm ci renews). */
export const QDRANT_EDGE_PYTHON = fileURLToPath(
  new URL('../../node_modules/.cache/qdrant-edge/venv/bin/python', import.meta.url),
);

/** The qdrant-edge-py version scripts/setup.sh installs: the tag of the image scripts/container-engine.sh builds. */
const EDGE_VERSION =
  /^QDRANT_EDGE=qdrant-edge-py==(\S+)$/m.exec(
    readFileSync(fileURLToPath(new URL('../../scripts/setup.sh', import.meta.url)), 'utf8'),
  )?.[1] ?? 'unknown';

async function startLocal(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const logFile = ctx.layout.log('qdrant');
  if (!existsSync(QDRANT_EDGE_PYTHON)) {
    throw new ServiceStartError(
      'qdrant',
      `qdrant-edge-py is not installed (${QDRANT_EDGE_PYTHON} is missing): run bash scripts/setup.sh`,
    );
  }
  const port = await claimPort(ctx.layout.id);
  const url = `http://127.0.0.1:${port}`;
  const proc = ManagedProcess.start({
    name: 'qdrant',
    command: QDRANT_EDGE_PYTHON,
    args: [SERVER, '--port', String(port), '--dir', join(ctx.layout.dir, 'qdrant-data')],
    logFile,
    cwd: ctx.layout.dir,
  });
  ctx.register('qdrant', proc.pid);
  try {
    await waitUntilReady(() => httpOk(`${url}/healthz`), {
      service: 'qdrant',
      what: 'GET /healthz',
      deadlineMs: ctx.config.serviceReadyMs,
      logFile,
      process: proc,
    });
  } catch (e) {
    await proc.stop(1000);
    throw e;
  }
  return {
    url,
    env: { QDRANT_URL: url },
    state: {
      host: '127.0.0.1',
      port,
      url,
      pid: proc.pid,
      kind: "qdrant-edge-py behind our HTTP server (Qdrant's engine, not the Qdrant server)",
      log: logFile,
      status: 'ready',
      readyMs: Date.now() - t0,
    },
    stop: () => proc.stop(3000),
  };
}

/** Whether the container runtime has `image` already (then no registry is asked). */
async function imageHere(image: string): Promise<boolean> {
  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  return (await getContainerRuntimeClient()).image.exists(ImageName.fromString(image)).catch(() => false);
}

async function startContainers(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const { QdrantContainer } = await import('@testcontainers/qdrant');
  const image = ctx.config.setting(qdrant.image!);
  const here = await imageHere(image);
  try {
    // Ready when GET /readyz answers (Qdrant's and the qdrant-edge image's alike), not by the Qdrant server's log line.
    const { Wait } = await import('testcontainers');
    const c = await startContainer(
      'qdrant',
      ctx,
      image,
      new QdrantContainer(image).withWaitStrategy(Wait.forHttp('/readyz', 6333)),
    );
    const url = `http://${c.getHost()}:${c.restPort}`;
    return {
      url,
      env: { QDRANT_URL: url },
      state: { ...containerState('qdrant', ctx, c, c.restPort, image, t0), url },
      stop: removeContainer(c),
    };
  } catch (e) {
    if (here) throw e;
    throw new ServiceStartError(
      'qdrant',
      `the containers provider needs the Qdrant image ${image} (QDRANT_IMAGE): it is not on this machine and could not be pulled. ` +
        `Pull or load it (docker pull ${image}), point QDRANT_IMAGE at one that is here, or use STACK_PROVIDER=local (Qdrant's engine from PyPI). ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

const qdrant: StackService = {
  key: 'qdrant',
  needs: [],
  start: { local: startLocal, containers: startContainers },
  image: {
    name: 'QDRANT_IMAGE',
    default: 'qdrant/qdrant:v1.13.4',
    meaning:
      'Qdrant image (containers provider; it must be on the machine or pullable, else the stack says it needs it)',
    // Qdrant's engine behind our HTTP server, as the local provider runs it: not the Qdrant server, and named so.
    local: `botserver-e2e/qdrant-edge:${EDGE_VERSION}`,
  },
  about: {
    startsOn:
      "local: Qdrant's engine, the PyPI wheel `qdrant-edge-py`, behind an HTTP server of ours, `stack/qdrant-edge-server.py`; containers: `QDRANT_IMAGE`, where it is here or pullable",
    platform:
      "`QDRANT_URL`; each bot's `vectordb-url` and `embedding-dimensions` (the default bot's `config.csv`, copied by the deploy)",
  },
  exports: ['QDRANT_URL'],
  platformEnv: (svc) => ({ QDRANT_URL: svc.url! }),
  faults: false,
};
export default qdrant;
