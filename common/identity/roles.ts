/**
 * Roles as sets of scopes. A scope names what may be read or done beyond the graph's public
 * facts (sanctions lists, transfers, case headers): the schema declares, with the Federation
 * directive `@requiresScopes`, which scope each field needs.
 */
export const SCOPES = {
  'read:pii': 'Personal data of account holders: names, dates of birth, nationality, documents.',
  'read:notes': 'Notes written on cases.',
  'read:audit': 'Audit trails (who did or read what).',
  'write:cases': 'Open and change cases, record legal process, freezes, seizures and notes.',
  'write:accounts': 'Change account status (freeze, unfreeze, close) and decide account links.',
} as const;
export type Scope = keyof typeof SCOPES;

/** Every role, and the scopes it grants. */
export const ROLES = {
  analyst: ['read:pii', 'read:notes'],
  investigator: ['read:pii', 'read:notes', 'write:cases', 'write:accounts'],
  partner: [],
  auditor: ['read:audit'],
  admin: ['read:pii', 'read:notes', 'read:audit', 'write:cases', 'write:accounts'],
} as const satisfies Record<string, readonly Scope[]>;
export type RoleName = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];

/** Is this a role we know? */
export function isRole(value: unknown): value is RoleName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROLES, value);
}

/** The caller as the gateway established it. */
export interface Identity {
  /** Who: the token's subject, the API key's name, or `anonymous`. */
  readonly sub: string;
  /** The role, when the credential named one. */
  readonly role: string | null;
  readonly scopes: readonly string[];
  /** How the caller proved who they are. */
  readonly via: 'jwt' | 'api-key' | 'anonymous';
  /** Whether `@authenticated` fields are open to the caller (false only for anonymous access). */
  readonly authenticated: boolean;
  /** For API keys: the persisted operations the key may run (undefined: any operation). */
  readonly safelist?: readonly string[];
  /** Where the request came from, as the gateway saw it (for the audit trail's "from where"). */
  readonly address?: string;
}
