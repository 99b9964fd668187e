TALK "How old are you?"
HEAR age AS INTEGER
IF age >= 18 THEN
  TALK "You are an adult, " + age + " years old."
ELSE
  TALK "You are a minor, " + age + " years old."
END IF
