TALK "What is your name?"
HEAR name
TALK "Hello " + name
