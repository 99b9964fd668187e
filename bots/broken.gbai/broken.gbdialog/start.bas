TALK "This line is fine"
TALK "This string never ends
IF
