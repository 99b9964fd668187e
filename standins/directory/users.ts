import { randomUUID } from 'node:crypto';

export interface DirectoryUser {
  id: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** The users the directory stand-in knows, by id and by email (case-insensitive, as Zitadel matches). */
export class UserStore {
  private readonly byId = new Map<string, DirectoryUser>();

  add(input: { email: string; password: string; firstName?: string; lastName?: string; id?: string }): DirectoryUser {
    const existing = this.byEmail(input.email);
    if (existing) this.byId.delete(existing.id);
    const user: DirectoryUser = {
      id: input.id ?? String(BigInt('0x' + randomUUID().replace(/-/g, '').slice(0, 15))),
      email: input.email,
      password: input.password,
      firstName: input.firstName ?? 'E2E',
      lastName: input.lastName ?? 'User',
    };
    this.byId.set(user.id, user);
    return user;
  }

  get(id: string): DirectoryUser | undefined {
    return this.byId.get(id);
  }

  byEmail(email: string): DirectoryUser | undefined {
    const e = email.toLowerCase();
    for (const u of this.byId.values()) if (u.email.toLowerCase() === e) return u;
    return undefined;
  }

  all(): DirectoryUser[] {
    return [...this.byId.values()];
  }
}

/** A user as Zitadel's management API lists it. */
export function zitadelUser(u: DirectoryUser) {
  return {
    id: u.id,
    userId: u.id,
    details: {
      sequence: '1',
      creationDate: '2026-01-01T00:00:00Z',
      changeDate: '2026-01-01T00:00:00Z',
      resourceOwner: 'stand-in-org',
    },
    state: 'USER_STATE_ACTIVE',
    userName: u.email,
    loginNames: [u.email],
    preferredLoginName: u.email,
    human: {
      profile: { firstName: u.firstName, lastName: u.lastName, displayName: `${u.firstName} ${u.lastName}` },
      email: { email: u.email, isEmailVerified: true },
    },
  };
}
