using System.Text;
using System.Text.RegularExpressions;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests.Repository;

// The error catalogue (src/WeGate.Server/Errors/WeGateErrors*.cs) is the one list of what WeGate answers:
// its ids are unique and stable, every entry is answered somewhere, nothing answers an error outside it,
// and docs/errors.md is generated from it. WEGATE_WRITE_DOCS=1 rewrites the page instead of comparing.
public sealed partial class ErrorCatalogTests
{
    private static readonly string[] OAuthCodes =
    [
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
        "access_denied", "unsupported_response_type", "server_error", "temporarily_unavailable", "invalid_token", "invalid_target",
        "login_required", "consent_required", "interaction_required", "request_not_supported", "authorization_pending", "slow_down",
        "unsupported_token_type", "invalid_request_uri",
    ];

    [GeneratedRegex(@"WeGateErrors\.(?<name>[A-Z][A-Za-z0-9]+)\b")]
    private static partial Regex EntryUse();

    [Fact]
    public void Every_entry_has_a_unique_id_in_its_section_a_known_code_and_a_description()
    {
        var all = WeGateErrors.All;
        Assert.True(all.Count >= 100, $"The catalogue has {all.Count} entries");
        Assert.Equal(all.Count, all.Select(e => e.Number).Distinct().Count());
        Assert.All(all, e =>
        {
            Assert.InRange(e.Number, 1001, 9999);
            Assert.True(WeGateErrors.Sections.ContainsKey(e.Number / 1000), $"{e.Id} is in no section");
            Assert.Contains(e.Code, OAuthCodes);
            Assert.False(string.IsNullOrWhiteSpace(e.Description), $"{e.Id} has no description");
            Assert.Equal($"wg{e.Number}", e.Anchor);
        });
    }

    [Fact]
    public void Every_entry_is_answered_somewhere_and_errors_are_made_only_from_entries()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "src", "WeGate.Server"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), File.ReadAllText);
        var used = sources.Where(s => !s.Key.Contains($"Errors{Path.DirectorySeparatorChar}WeGateErrors", StringComparison.Ordinal))
            .SelectMany(s => EntryUse().Matches(s.Value).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        var entries = typeof(WeGateErrors).GetFields().Where(f => f.FieldType == typeof(ErrorEntry)).Select(f => f.Name).ToList();
        var unused = entries.Where(name => !used.Contains(name)).ToList();
        Assert.True(unused.Count == 0, "Entries nothing answers (remove them, keeping their numbers unused): " + string.Join(", ", unused));
        var makers = sources.Where(s => !s.Key.EndsWith("ErrorEntry.cs", StringComparison.Ordinal) && s.Value.Contains("new OAuthError(", StringComparison.Ordinal)).Select(s => s.Key).ToList();
        Assert.True(makers.Count == 0, "These make an OAuthError without a catalogue entry: " + string.Join(", ", makers));
    }

    [Fact]
    public void Docs_errors_md_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(Root, "docs", "errors.md");
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("WEGATE_WRITE_DOCS") == "1")
            File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), "docs/errors.md is missing: run the tests with WEGATE_WRITE_DOCS=1 to write it");
        Assert.True(expected == File.ReadAllText(path).ReplaceLineEndings("\n"),
            "docs/errors.md differs from the catalogue in src/WeGate.Server/Errors: run `WEGATE_WRITE_DOCS=1 dotnet test tests/WeGate.Server.Tests --filter ErrorCatalogTests` and commit the page");
    }

    private static string Generate()
    {
        var md = new StringBuilder();
        md.Append("""
            # Errors

            <!-- Generated from src/WeGate.Server/Errors/WeGateErrors*.cs by tests/WeGate.Server.Tests/Repository/ErrorCatalogTests.cs
                 (WEGATE_WRITE_DOCS=1 dotnet test tests/WeGate.Server.Tests --filter ErrorCatalogTests); edit the catalogue, not this page. -->

            Every error WeGate answers on its OAuth and OpenID Connect endpoints and its hosted pages is one entry
            below, under an id that never changes meaning. A JSON answer carries it beside the RFC 6749 §5.2
            members, and an error redirect to an application carries `error_uri` too:

            ```json
            {
              "error": "invalid_grant",
              "error_description": "The authorization code is unknown or expired",
              "error_uri": "https://login.example.com/errors#wg3003",
              "error_id": "WG3003"
            }
            ```

            `error_uri` points at `/errors` on WeGate itself, the same list as this page, so the link works
            wherever WeGate runs. A hosted error page shows the id and links to it. Clients decide on `error`
            (and may log `error_id`); `error_description` is for developers and may say more than the entry
            below, e.g. which parameter or which scope. Errors of the admin API are RFC 9457 problem details
            (docs/admin-api.md).

            The HTTP status is that of a JSON answer; the authorization endpoint answers an error it can send back
            to the application as a 303 redirect instead.

            """);
        foreach (var section in WeGateErrors.All.GroupBy(WeGateErrors.SectionOf))
        {
            md.Append(System.Globalization.CultureInfo.InvariantCulture, $"## {section.Key}\n\n");
            if (section.First().Number / 1000 == 7)
            {
                md.Append("""
                    WeChat's errcodes each have a kind in [the errcode table](wechat-errors.md): the person can fix it
                    (their code is bad, used or expired: WG7001, and they sign in again), the operator must fix it
                    (WeGate's AppSecret, IP whitelist or permissions: WG7003, with the errcode and its fix in the log),
                    or it is transient (WeChat busy, a quota for the moment, no answer in time: WG7002). An errcode the
                    table lacks is the operator's.


                    """);
            }
            md.Append("| id | error | HTTP | meaning and what to do |\n|---|---|---|---|\n");
            foreach (var entry in section)
                md.Append(System.Globalization.CultureInfo.InvariantCulture, $"| <a id=\"{entry.Anchor}\"></a>{entry.Id} | `{entry.Code}` | {entry.Status} | {entry.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            md.Append('\n');
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static readonly string Root = RepositoryRoot.Path;
}
