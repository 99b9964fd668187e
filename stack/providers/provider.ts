/**
 * Providers: where a stack's services run. `local`: processes from binaries on this machine; `containers`: through
 * testcontainers. A provider names no service: each service's file (stack/services/) says how it starts on each.
 */

export type ProviderName = 'local' | 'containers';

/** Per-stack random credentials of the services the platform connects to (stack/lifecycle/bring-up.ts makes them). */
export interface Credentials {
  dbUser: string;
  dbPassword: string;
  dbName: string;
  redisPassword: string;
  s3AccessKey: string;
  s3SecretKey: string;
}
