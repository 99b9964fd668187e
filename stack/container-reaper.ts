import { STACK_LABEL } from './providers/containers.ts';

/** Removes (force) every container labelled with this stack's id: the cleanup Ryuk would do, for when it is off. */
export async function removeLabelledContainers(stackId: string): Promise<number> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${STACK_LABEL}=${stackId}`] },
  });
  await Promise.all(
    list.map((c) =>
      client.container.dockerode
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  return list.length;
}
