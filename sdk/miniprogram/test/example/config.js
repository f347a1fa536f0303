// The tests' WeGate; docs/sdk-miniprogram.md shows this file with the issuer of a real deployment.
export const issuer = globalThis.exampleIssuer;
