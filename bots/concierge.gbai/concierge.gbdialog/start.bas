ADD TOOL "book-room"
TALK "The e2e concierge books meeting rooms."
