TALK "Notice <img src=x alt=talk onerror=__e2eCanary.push(this.alt)> ends here."
