TALK "How old are you?"
HEAR years AS INTEGER
IF years >= 18 THEN
  TALK "You are an adult, " + years + " years old."
ELSE
  TALK "You are a minor, " + years + " years old."
END IF
