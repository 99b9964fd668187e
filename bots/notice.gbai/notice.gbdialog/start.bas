BEGIN TALK
**E2E notice board**

Posted today:
*two* e2e notices
END TALK
