using System.Text;
using System.Text.RegularExpressions;

namespace WeGate.Server.Tests.Repository;

// Comments cite only what a reader of the repository can open: a page of docs/ (with a heading that
// exists), an RFC, WeChat's public pages. Notes kept outside the repository and issue numbers are
// neither, so a citation of them is a broken reference. SQL migrations are not scanned: they are
// never edited once shipped (src/WeGate.Storage/Migrations/Migrator.cs).
public sealed partial class ReferenceTests
{
    private static readonly string[] ScannedFolders = ["src", "tests", "bench", ".ci"];
    private static readonly string[] ScannedExtensions = [".cs", ".mjs", ".js", ".sh", ".props", ".csproj"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules"];

    // Written so that this file does not match itself: "\." is not ".", and "s?" is not a digit.
    [GeneratedRegex(@"\b(?:wechat-api|DESIGN|STYLE)\.md\b|\bissues?\s*#?\d+", RegexOptions.IgnoreCase)]
    private static partial Regex UnopenableCitation();

    [GeneratedRegex(@"\bdocs/(?<file>[A-Za-z0-9_.-]+?\.md)(?:#(?<anchor>[\p{L}\p{N}_-]+))?")]
    private static partial Regex DocsCitation();

    // A relative link between docs pages: [text](page.md#anchor), [text](#anchor).
    [GeneratedRegex(@"\]\((?<file>[A-Za-z0-9_.-]+\.md)?(?:#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex DocsLink();

    [GeneratedRegex(@"^ {0,3}(?<level>#{1,6})[ \t]+(?<text>.+?)[ \t#]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}\p{Pc} -]")]
    private static partial Regex NotSlugCharacter();

    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public void No_source_file_cites_notes_outside_the_repository_or_an_issue_number()
    {
        var found = SourceFiles()
            .SelectMany(file => Lines(file).Where(line => UnopenableCitation().IsMatch(line.Text)).Select(line => $"{line.Where}: {line.Text.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0,
            "Cite a page of docs/ (docs/<page>.md#<heading>), an RFC or WeChat's public pages instead, or say the reason itself:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Every_docs_page_and_heading_cited_in_the_code_exists()
    {
        var broken = SourceFiles()
            .SelectMany(file => Lines(file).SelectMany(line => DocsCitation().Matches(line.Text)
                .Where(m => !Resolves(m.Groups["file"].Value, m.Groups["anchor"].Value))
                .Select(m => $"{line.Where}: {m.Value}")))
            .ToList();

        Assert.True(broken.Count == 0, "These docs/ citations name no page or no heading of it:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Every_link_between_docs_pages_points_at_a_page_and_heading_that_exist()
    {
        var broken = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md")
            .SelectMany(file => Lines(file).Where(line => !line.InCodeBlock).SelectMany(line => DocsLink().Matches(line.Text)
                .Where(m => m.Groups["file"].Success || m.Groups["anchor"].Success)
                .Where(m => !Resolves(m.Groups["file"].Success ? m.Groups["file"].Value : Path.GetFileName(file), m.Groups["anchor"].Value))
                .Select(m => $"{line.Where}: {m.Value}")))
            .ToList();

        Assert.True(broken.Count == 0, "These links name no page or no heading of it:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("1. Follow official account (`oa-follow`)", "1-follow-official-account-oa-follow")]
    [InlineData("Official-account authorization page errors (10003–10016)", "official-account-authorization-page-errors-1000310016")]
    [InlineData("The auth_session hand-off", "the-auth_session-hand-off")]
    [InlineData("Callers on other machines: the control secret", "callers-on-other-machines-the-control-secret")]
    [InlineData("See [the sandbox](sandbox.md) first", "see-the-sandbox-first")]
    public void Heading_anchors_are_made_the_way_GitHub_makes_them(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void A_citation_of_a_heading_that_does_not_exist_is_caught() =>
        Assert.False(Resolves("logins.md", "no-such-heading"));

    private static bool Resolves(string file, string anchor)
    {
        var path = Path.Combine(Root, "docs", file);
        return File.Exists(path) && (anchor.Length == 0 || Anchors(path).Contains(anchor));
    }

    private static HashSet<string> Anchors(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines(path).Where(line => !line.InCodeBlock))
        {
            var heading = Heading().Match(line.Text);
            if (!heading.Success)
                continue;
            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
                unique = $"{slug}-{n}";
        }
        return anchors;
    }

    // GitHub's rule: lowercase, drop everything but letters, marks, digits, '_', ' ' and '-', then
    // each space becomes '-'. A link in a heading counts by its text.
    private static string Slug(string heading) =>
        NotSlugCharacter().Replace(InlineLink().Replace(heading, "${text}").ToLowerInvariant(), "").Replace(' ', '-');

    private static IEnumerable<string> SourceFiles() =>
        ScannedFolders.Select(folder => Path.Combine(Root, folder)).Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(Root, file).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains))
            .Where(file => ScannedExtensions.Contains(Path.GetExtension(file)) || IsShellScript(file))
            .Concat(Directory.EnumerateFiles(Root, "Directory.*.props"));

    private static bool IsShellScript(string file)
    {
        if (Path.GetExtension(file).Length != 0)
            return false;
        using var reader = new StreamReader(file, Encoding.UTF8);
        return reader.ReadLine()?.StartsWith("#!", StringComparison.Ordinal) == true;
    }

    private static IEnumerable<(string Where, string Text, bool InCodeBlock)> Lines(string file)
    {
        var relative = Path.GetRelativePath(Root, file);
        var inCodeBlock = false;
        var number = 0;
        foreach (var text in File.ReadLines(file))
        {
            number++;
            var fence = text.TrimStart().StartsWith("```", StringComparison.Ordinal);
            yield return ($"{relative}:{number}", text, inCodeBlock || fence);
            if (fence)
                inCodeBlock = !inCodeBlock;
        }
    }
}
