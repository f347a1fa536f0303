using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Tickets;

namespace WeGate.Core.Tests;

// Refusal reasons are stored in login tickets and written to the audit log by name, so every reason has
// one name of its own that reads back as the same reason.
public sealed class RefusalReasonTests
{
    [Fact]
    public void Every_reason_has_its_own_name_and_reads_back_from_it()
    {
        var reasons = Enum.GetValues<RefusalReason>();
        Assert.Equal(reasons.Length, reasons.Select(r => r.Name()).Distinct(StringComparer.Ordinal).Count());
        Assert.All(reasons, r => Assert.Equal(r, RefusalReasons.Parse(r.Name())));
        Assert.Null(RefusalReasons.Parse("no-such-reason"));
    }

    [Fact]
    public void A_ticket_refusal_is_stored_with_the_reasons_name()
    {
        var json = JsonSerializer.Serialize(new TicketRefusal(RefusalReason.NeedsAccountStep, "m"));
        Assert.Contains("\"needs-account-step\"", json, StringComparison.Ordinal);
        Assert.Equal(RefusalReason.NeedsAccountStep, JsonSerializer.Deserialize<TicketRefusal>(json)!.Reason);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TicketRefusal>("{\"Reason\":\"nonsense\",\"Message\":\"m\"}"));
    }
}
