ADD SUGGESTION "Stale e2e choice"
CLEAR SUGGESTIONS
ADD SUGGESTION "Fresh e2e choice"
TALK "The e2e choices were reset."
