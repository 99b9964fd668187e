PARAM size AS STRING LIKE "small" DESCRIPTION "Room size for the e2e booking: small, medium or large"
PARAM guests AS INTEGER LIKE "4" DESCRIPTION "Number of people the e2e room must seat"
DESCRIPTION "Reserves an e2e meeting room of a size for a number of people"
TALK "Reserved an e2e room: " + size + ", seats " + guests
