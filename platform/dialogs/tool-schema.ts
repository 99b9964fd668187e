import type { Stmt } from './basic-types.ts';

/** A tool dialog's schema, as the LLM is offered it (OpenAI `tools`, docs/contract.md "Tools"): undefined when the
 * dialog has no DESCRIPTION (it is no tool). */
export function toolSchema(
  name: string,
  program: Stmt[],
):
  | {
      type: 'function';
      function: {
        name: string;
        description: string;
        parameters: {
          type: 'object';
          properties: Record<string, { type: string; description: string; example?: string }>;
          required: string[];
        };
      };
    }
  | undefined {
  const description = program.find((s): s is Extract<Stmt, { kind: 'description' }> => s.kind === 'description');
  if (!description) return undefined;
  const params = program.filter((s): s is Extract<Stmt, { kind: 'param' }> => s.kind === 'param');
  return {
    type: 'function',
    function: {
      name,
      description: description.text,
      parameters: {
        type: 'object',
        properties: Object.fromEntries(
          params.map((p) => [
            p.name,
            { type: p.type, description: p.description ?? '', ...(p.like !== undefined ? { example: p.like } : {}) },
          ]),
        ),
        required: params.filter((p) => !p.optional).map((p) => p.name),
      },
    },
  };
}
