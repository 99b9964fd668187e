HEAR note
TALK "The e2e quiet bot noted: " + note
