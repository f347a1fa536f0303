using System.Text.Json;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests;

// Tests decide on the catalogue entry an error answer names (docs/errors.md), not on its prose.
internal static class ErrorAssert
{
    // A JSON error answer: the entry's status, RFC code and id, a link to its entry on /errors, a
    // description, and no caching (RFC 6749 §5.1).
    public static async Task<JsonElement> AnswersAsync(HttpResponseMessage response, ErrorEntry entry, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(entry);
        var json = await response.JsonAsync();
        Assert.Equal((status ?? entry.Status, entry.Code, entry.Id), ((int)response.StatusCode, json.GetProperty("error").GetString(), json.GetProperty("error_id").GetString()));
        Assert.EndsWith("/errors#" + entry.Anchor, json.GetProperty("error_uri").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error_description").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return json;
    }

    // An error the authorization endpoint sent back to the application (RFC 6749 §4.1.2.1).
    public static void Redirected(IReadOnlyDictionary<string, string> query, ErrorEntry entry)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entry);
        Assert.Equal(entry.Code, query["error"]);
        Assert.EndsWith("/errors#" + entry.Anchor, query["error_uri"], StringComparison.Ordinal);
    }

    // An entry by its field name, for theory data (nameof(WeGateErrors.PkceRequired)).
    public static ErrorEntry Entry(string name) =>
        (ErrorEntry)typeof(WeGateErrors).GetField(name)!.GetValue(null)!;

    // A hosted error page names the entry it shows.
    public static async Task PageShowsAsync(HttpResponseMessage response, ErrorEntry entry)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(entry);
        Assert.Equal(entry.Status, (int)response.StatusCode);
        Assert.Contains($"data-error-id=\"{entry.Id}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
