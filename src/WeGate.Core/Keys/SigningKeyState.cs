namespace WeGate.Core.Keys;

// A signing key's life: created as next, made active by a rotation, retired by the following one, and
// removed once its remove_after has passed (docs/oidc.md#signing-keys).
public static class SigningKeyState
{
    // Published, not yet signing: relying parties fetch it before the rotation that activates it.
    public const string Next = "next";
    public const string Active = "active";
    // Still published, so tokens it signed keep validating, until remove_after.
    public const string Retired = "retired";

    // The order of the JWKS: active keys first, for clients that take the first key of an algorithm,
    // then next, then retired.
    public static int PublishOrder(string state) => state switch
    {
        Active => 0,
        Next => 1,
        _ => 2,
    };
}
