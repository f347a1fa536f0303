namespace WeGate.Core.Validation;

// Collects per-field rule violations so an API can answer with every problem at once (RFC 9457 "errors").
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, "is required");
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters (got {value.Length})");
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (!IsEmpty)
            throw new DomainValidationException(this);
    }
}

public sealed class DomainValidationException(ValidationErrors errors)
    : Exception("The request breaks one or more rules: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors.ToDictionary();
}
