namespace WeGate.Core.Users;

// What merging a source user into a target did, or why nothing happened (docs/admin-api.md#users).
public abstract record MergeOutcome
{
    // The source is gone; Target is the merged user. Revoked counts what of the source's was still live.
    public sealed record Merged(User Target, IReadOnlyList<Identity> MovedIdentities, bool PasswordMoved, Revocations Revoked) : MergeOutcome;

    public sealed record UserNotFound(string UserId) : MergeOutcome;

    // One of the two is blocked and the other is not: merging would either block the source's ways in or
    // lift the block on them, so the admin decides that first.
    public sealed record BlockedDiffers(string BlockedUserId) : MergeOutcome;
}

public sealed record Revocations(int Grants, int RefreshTokens, int Sessions);

public abstract record UnlinkOutcome
{
    public sealed record Unlinked(Identity Identity) : UnlinkOutcome;

    public sealed record UserNotFound : UnlinkOutcome;

    public sealed record IdentityNotFound : UnlinkOutcome;

    // Nothing else would sign the user in: no other identity, or only a login name without a password.
    public sealed record LastWayIn(Identity Identity) : UnlinkOutcome;
}
