USE KB "faq"
TALK "The e2e faq bot is ready."
