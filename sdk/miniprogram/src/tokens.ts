// The session as kept in storage, and WeGate's token response turned into it.

export interface TokenSet {
  accessToken: string;
  // Present when the application has the refresh_token grant; it rotates at every refresh.
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  // When the access token expires, in milliseconds since the epoch.
  expiresAt: number;
}

// Where the SDK keeps the session; wx storage by default. Values are plain JSON objects.
export interface TokenStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  expires_in?: number;
}

export function toTokenSet(response: TokenResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    ...(response.scope ? { scope: response.scope } : {}),
    expiresAt: now + (response.expires_in ?? 300) * 1000,
  };
}

export function readTokens(storage: TokenStorage, key: string): TokenSet | null {
  const value = storage.get(key) as Partial<TokenSet> | '' | undefined | null;
  return value && typeof value === 'object' && typeof value.accessToken === 'string' && typeof value.expiresAt === 'number'
    ? (value as TokenSet)
    : null;
}
