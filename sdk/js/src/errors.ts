// An OAuth error (RFC 6749 §4.1.2.1, §5.2) from WeGate, or a check of the SDK's own that failed. `error`
// is the code to branch on; `description` says what happened and what to fix.
export class WeGateError extends Error {
  readonly error: string;
  readonly description: string | undefined;
  readonly errorUri: string | undefined;

  constructor(error: string, description?: string, errorUri?: string) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'WeGateError';
    this.error = error;
    this.description = description;
    this.errorUri = errorUri;
  }
}
