using System.Globalization;
using WeGate.Core.Audit;
using WeGate.Core.Validation;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

// The audit log's filters as the admin API and the console take them (docs/admin-api.md#audit-events):
// user_id, connection, outcome, from and to (ISO 8601 times or dates), before (the last id of the page
// before), limit. A value that breaks a rule is a 400 naming it.
internal static class AuditQuery
{
    private const int ValueMaxLength = 200;

    public sealed record Input(string? UserId, string? Connection, string? Outcome, string? From, string? To, string? Before, string? Limit);

    public static AuditFilter Parse(Input input, int fallbackLimit = 100)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        foreach (var (name, value) in new[] { ("user_id", input.UserId), ("connection", input.Connection), ("before", input.Before) })
            errors.MaxLength(name, value, ValueMaxLength);
        var outcome = Empty(input.Outcome);
        if (outcome is not null && outcome is not (AuditOutcome.Success or AuditOutcome.Failure))
            errors.Add("outcome", "must be success or failure");
        var from = Time(errors, "from", input.From);
        var to = Time(errors, "to", input.To);
        var limit = fallbackLimit;
        if (Empty(input.Limit) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AuditFilter.MaxLimit))
            errors.Add("limit", $"must be a whole number from 1 to {AuditFilter.MaxLimit}");
        errors.ThrowIfAny();
        return new AuditFilter
        {
            UserId = Empty(input.UserId), ConnectionSlug = Empty(input.Connection), Outcome = outcome, From = from, To = to, Before = Empty(input.Before), Limit = limit,
        };
    }

    // A date alone is a whole day in UTC: to=2026-12-03 includes that day.
    private static DateTimeOffset? Time(ValidationErrors errors, string field, string? value)
    {
        if (Empty(value) is not { } v)
            return null;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(field == "to" ? 1 : 0);
        if (v.Length <= 64 && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at;
        errors.Add(field, "must be a date (2026-12-03) or a time in ISO 8601 (2026-12-03T08:00:00+08:00)");
        return null;
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
