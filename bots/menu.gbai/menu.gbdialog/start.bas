ADD SUGGESTION "e2e-tea" AS "A cup of tea"
ADD SUGGESTION "e2e-coffee" AS "A cup of coffee"
TALK "The e2e menu has two drinks."
