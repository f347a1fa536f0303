using System.Diagnostics.CodeAnalysis;

namespace WeGate.Core.Validation;

// docs/admin-api.md#field-rules: a slug is lowercase letters, digits and '-', under 32 characters, and immutable.
// Pools use the same rule because the pool name is part of the issuer URL.
public static class Slug
{
    public const int MaxLength = 31;

    public static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
            return false;
        if (value[0] == '-' || value[^1] == '-')
            return false;
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        }
        return true;
    }

    public const string Rule = "1 to 31 characters: lowercase letters a-z, digits and '-', not starting or ending with '-'";
}
