TALK "What is your name?"
HEAR name AS TEXT
TALK "Nice to meet you, " + name
