/**
 * What the platform has lived through, for the `pre` profile's measured failures to recover (platform/profile.ts
 * `recoversFromOutages`): once the database or Redis was seen down, PRE stays broken in the way measured.
 */
export class Outages {
  databaseWasDown = false;
  /** A chat turn found Redis down (PRE answers that one, without its start script, and no later one). */
  chatSawRedisDown = false;
}
