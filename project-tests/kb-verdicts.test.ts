/**
 * The knowledge-base spec (tests/bots/knowledge-base.spec.ts, issue 35) proves what it claims: one suite run of the
 * intended reference platform with its two seeded regressions (platform/mutations/kb.ts) — the passage left out of
 * the prompt, a stale passage after a change, a PDF's text never read — turns the retrieval and the change tests red, each failure showing the
 * prompt the LLM got; the indexing, no-USE-KB and deletion tests stay green. (Green without the mutations: the
 * suite's own legs on the three profiles.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAITING_WORKERS, assertRunShows, runSuite } from './helpers.ts';

/** The spec's red tests wait out the indexing and prompt checks' deadlines: side by side (helpers' WAITING_WORKERS). */
const suite = (args: string[], env: Record<string, string>) => runSuite(args, { E2E_WORKERS: WAITING_WORKERS, ...env });

test(
  'seeded regressions, one run each: the passage left out of the prompt, a stale passage after a change — each turns its test red showing the prompt',
  { timeout: 240_000 },
  async () => {
    const left = await suite(['tests/bots/knowledge-base.spec.ts', '--project', 'chromium'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'kb-passage-left-out',
    });
    assert.equal(left.code, 1, `red:\n${left.out.slice(-3000)}`);
    assert.match(left.out, /3 failed/, `the two retrieval tests and the change test:\n${left.out.slice(-3000)}`);
    assertRunShows(
      left.out,
      /the LLM's prompt for this turn lacks \["--- Informações de Contexto \(Base de Conhecimento\) ---","The kettle in room 4B is descaled with the code ZEBRA-9182-QUILL\.","Fonte: faq\w+\.gbai\/faq\w+\.gbkb\/faq\/kettle\.md"/,
    );
    assertRunShows(
      left.out,
      /--- the prompt the LLM got \(\d+ chars\) ---\s+System: E2E faq prompt: answer the visitor from the knowledge base\./,
    );
    const stale = await suite(
      ['tests/bots/knowledge-base.spec.ts', '--project', 'chromium', '-g', 'changed document'],
      { REFERENCE_PROFILE: 'intended', REFERENCE_MUTATIONS: 'kb-stale-after-change' },
    );
    assert.equal(stale.code, 1, `red:\n${stale.out.slice(-3000)}`);
    assertRunShows(
      stale.out,
      /the LLM's prompt holds passages it should not \(a distractor, or a document's old text\): \["ZEBRA-9182-QUILL"\]/,
    );
    assertRunShows(stale.out, /Fonte: faq\w+\.gbai\/faq\w+\.gbkb\/faq\/kettle\.md/);
    const pdf = await suite(['tests/bots/knowledge-base.spec.ts', '--project', 'chromium', '-g', 'PDF|are indexed'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'kb-pdf-unread',
    });
    assert.equal(pdf.code, 1, `red:\n${pdf.out.slice(-3000)}`);
    assert.match(pdf.out, /2 failed/, `the indexing test and the PDF's retrieval test:\n${pdf.out.slice(-3000)}`);
    assertRunShows(pdf.out, /umbrellas\.pdf/);
  },
);
