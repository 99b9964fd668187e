import { test, expect } from '../../fixtures/test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { ScriptCanary } from '../../fixtures/script-canary.ts';
import { ReplyMarkup } from '../../fixtures/pages/reply-markup.ts';
import { expectConnected, expectNoIndicatorLeft, withEvidence } from '../../fixtures/checks/chat-checks.ts';
import { precondition } from '../../fixtures/checks/preconditions.ts';
import { clickLinks, expectNothingRan, settledReading } from '../../fixtures/checks/output-checks.ts';
import { platformWaitMs } from '../../fixtures/time-factor.ts';

/**
 * Markup an attacker plants in what a model says (issue 20; contract §11.8). Each calls the page's canary
 * (fixtures/script-canary.ts) when it runs. `runsOnBotui`: whether it ran on PRE and HEAD, where botui inserts a
 * reply as HTML (raw when it holds a tag, else through marked, which keeps `javascript:` links).
 */
const PAYLOADS = [
  { name: 'img', markup: `<img src=x onerror="__e2eCanary.push('img')">`, runsOnBotui: true },
  { name: 'svg', markup: `<svg onload="__e2eCanary.push('svg')"></svg>`, runsOnBotui: false },
  { name: 'script', markup: `<script>__e2eCanary.push('script')</script>`, runsOnBotui: false },
  {
    name: 'iframe',
    markup: `<iframe srcdoc="<script>parent.__e2eCanary.push('iframe')</script>"></iframe>`,
    runsOnBotui: true,
  },
  { name: 'link', markup: `[open the report](javascript:__e2eCanary.push('link'))`, runsOnBotui: true },
] as const;

test.describe("output handling: LLM replies and the visitor's own text run nothing (OWASP LLM Top 10; contract §11.8)", () => {
  for (const p of PAYLOADS) {
    test(`an LLM reply carrying ${p.name === 'link' ? 'a Markdown link to javascript:' : `<${p.name}>`} runs nothing and is still shown`, async ({
      page,
      desktopPage,
      chatPage,
      llm,
      stack,
      uniq,
    }) => {
      const canary = await ScriptCanary.arm(page);
      const markup = new ReplyMarkup(page);
      const visible = [`Reply ${uniq} begins`, 'and ends here.'];
      await llm.setScenario(uniq, { type: 'reply', text: `${visible[0]} ${p.markup} ${visible[1]}` });
      await desktopPage.goto();
      await expectConnected(chatPage);
      await chatPage.sendMessage(`tell me about ${uniq}`);
      // The state read below is the turn's last: its final frame has arrived and the page has drawn it. A chat that
      // does not answer is said as such (with what the chat shows and whether the LLM was called), not as a finding.
      // A wait for the platform: what comes after its deadline is said as late (and, on a build that never gives the
      // LLM the visitor's text, the test stops as that known bug as soon as its symptom shows).
      const bubble = chatPage.botReplies.last();
      const answered = async (timeout: number) => {
        await expect
          .poll(() => chatPage.endedTurns(), { message: 'the turn ends (its final frame arrives)', timeout })
          .toBe(1);
        await expect(bubble, 'the reply is shown').toContainText(visible[0]!, { timeout });
      };
      const deadlineMs = platformWaitMs();
      await precondition('the chat answers (the turn ends and its reply is shown)', 'the chat does not answer', () =>
        withEvidence('the reply did not appear', chatPage, () => answered(deadlineMs), llm, uniq, {
          said: 'the reply appeared',
          again: answered,
          deadlineMs,
        }),
      );
      await expectNoIndicatorLeft(chatPage);
      await clickLinks(markup, bubble);
      await knownBug(stack, 'llmReplyRunsAsScript', {
        intended: () => expectNothingRan(canary, markup, bubble, `an LLM reply carrying ${p.markup}`, visible),
        symptom: async () => {
          const r = await settledReading(canary, markup, bubble);
          if (p.runsOnBotui) {
            await expect
              .poll(async () => (await canary.read()).fired, { message: `the reply's ${p.name} ran in the page` })
              .toContain(p.name);
            return `the reply's ${p.name} ran in the visitor's page (canary '${p.name}' fired)${r.active.length ? `; inserted as ${r.active.join(' | ')}` : ''}`;
          }
          expect(r.active, 'the reply is inserted as HTML').not.toEqual([]);
          expect(r.fired, 'this markup, inserted through innerHTML, does not run').toEqual([]);
          return `inserted as HTML (${r.active.join(' | ')}); this ${p.name} itself did not run (inserted through innerHTML)`;
        },
      });
    });
  }

  test("the visitor's own message carrying the same markup is shown as typed and runs nothing", async ({
    page,
    desktopPage,
    chatPage,
    llm,
    uniq,
  }) => {
    const canary = await ScriptCanary.arm(page);
    const markup = new ReplyMarkup(page);
    const typed = `Mine ${uniq}: ${PAYLOADS.map((p) => p.markup).join(' ')} end`;
    await llm.setScenario(uniq, { type: 'reply', text: `Noted ${uniq}.` });
    await desktopPage.goto();
    await expectConnected(chatPage);
    await chatPage.sendMessage(typed);
    await expect.poll(() => chatPage.endedTurns(), { message: 'the turn ends (its final frame arrives)' }).toBe(1);
    await expectNoIndicatorLeft(chatPage);
    const bubble = chatPage.userBubbles.last();
    await clickLinks(markup, bubble);
    await expectNothingRan(canary, markup, bubble, "the visitor's own message", [typed]);
    await expect(bubble, 'the message is shown exactly as typed').toHaveText(typed);
  });
});
