namespace WeGate.Server.Oidc;

// PKCE (RFC 7636) as WeGate takes it: S256 only (RFC 9700 §2.1.1).
public static class Pkce
{
    // A PKCE S256 challenge: 43 base64url characters (RFC 7636 §4.2).
    public static bool IsChallenge(string challenge) => challenge.Length == 43 && challenge.All(IsBase64Url);

    private static bool IsBase64Url(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
