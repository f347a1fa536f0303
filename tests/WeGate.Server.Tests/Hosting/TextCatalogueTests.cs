using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.Hosting;

// The hosted pages' one catalogue per language (Pages/Texts.Zh.cs, Texts.En.cs): the same words in both,
// and a page wholly in one language.
public sealed partial class TextCatalogueTests
{
    private static Texts In(string language) => Texts.For(language, new DefaultHttpContext().Request);

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_text()
    {
        var zh = In("zh-CN").All.ToDictionary();
        var en = In("en").All.ToDictionary();
        Assert.Equal(zh.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.All(zh.Concat(en), t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.All(zh.Keys, k => Assert.Equal(Placeholders().Matches(zh[k]).Select(m => m.Value).Order(), Placeholders().Matches(en[k]).Select(m => m.Value).Order()));
    }

    [Fact]
    public void The_chinese_pages_have_no_english_words_and_the_english_pages_no_chinese_outside_quotes()
    {
        Assert.Equal("zh-CN", In("zh").Language);
        Assert.Empty(In("zh").All.Where(t => LatinWord().IsMatch(t.Value)).Select(t => t.Key));
        Assert.Empty(In("en").All.Where(t => Han().IsMatch(Quoted().Replace(t.Value, ""))).Select(t => t.Key));
        // The check can see Chinese: the snapshot page quotes WeChat's button.
        Assert.Contains(In("en").All, t => Han().IsMatch(t.Value));
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholders();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex("“[^”]*”")]
    private static partial Regex Quoted();
}
