TALK "Which name should the e2e bot use for you?"
HEAR name AS TEXT
TALK "Noted: the e2e bot calls you " + name
