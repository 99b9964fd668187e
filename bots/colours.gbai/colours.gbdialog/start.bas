TALK "Which colour do you like?"
ADD SUGGESTION "Red"
ADD SUGGESTION "Green"
ADD SUGGESTION "Blue"
HEAR colour
CLEAR SUGGESTIONS
TALK "You picked " + colour
