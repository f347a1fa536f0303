namespace WeGate.Sandbox.Grants;

public enum CodeKind
{
    OAuth,
    JsCode,
    Phone,
}

internal sealed record IssuedCode(string Code, CodeKind Kind, string AppId, string PersonaId, string? Scope, DateTimeOffset ExpiresAt);

// Every code is single-use (40163 on reuse) and expires (docs/wechat-contract.md#lifetimes-and-limits). Chosen expiry codes:
// OAuth codes answer 42003 "code expired", the code listed for sns/oauth2/access_token (docs/wechat-contract.md#code-exchange); js_code
// and phone codes answer 40029 "invalid code", because 42003 appears in no error list of theirs (docs/wechat-contract.md#error-codes).
internal sealed class CodeBook(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public IssuedCode Issue(CodeKind kind, string appId, string personaId, string? scope, TimeSpan lifetime)
    {
        // Phone codes are 64 hex in the doc's sample (docs/wechat-contract.md#phone-numbers); the others are opaque 32-char strings.
        var code = kind == CodeKind.Phone ? RandomText.Hex(64) : RandomText.UrlSafeOf(32);
        var issued = new IssuedCode(code, kind, appId, personaId, scope, time.GetUtcNow() + lifetime);
        lock (_gate)
        {
            _codes[code] = issued;
        }

        return issued;
    }

    // The code if it was issued for this kind and app, without using it up.
    public IssuedCode? Peek(string code, CodeKind kind, string appId)
    {
        lock (_gate)
        {
            return _codes.TryGetValue(code, out var issued) && issued.Kind == kind && issued.AppId == appId ? issued : null;
        }
    }

    public (IssuedCode? Code, int ErrCode) Redeem(string code, CodeKind kind, string appId)
    {
        lock (_gate)
        {
            // A code of another appid is indistinguishable from an unknown one (docs/wechat-contract.md#error-codes: 40029).
            if (!_codes.TryGetValue(code, out var issued) || issued.Kind != kind || issued.AppId != appId)
            {
                return (null, 40029);
            }

            if (_used.Contains(code))
            {
                return (null, 40163);
            }

            if (issued.ExpiresAt <= time.GetUtcNow())
            {
                return (null, kind == CodeKind.OAuth ? 42003 : 40029);
            }

            _used.Add(code);
            return (issued, 0);
        }
    }
}
