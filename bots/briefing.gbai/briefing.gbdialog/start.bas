SET CONTEXT "e2e office" AS "E2E context line: the e2e office opens at nine."
BEGIN SYSTEM PROMPT
E2E system block: answer as the e2e briefing bot.
Keep answers to one line.
END SYSTEM PROMPT
TALK "The e2e briefing bot is ready."
