TALK "Welcome to the e2e greet bot"
