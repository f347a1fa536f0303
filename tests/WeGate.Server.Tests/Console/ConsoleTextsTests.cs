using System.Text.RegularExpressions;
using WeGate.Server.Connections;
using WeGate.Server.Console;

namespace WeGate.Server.Tests.Console;

public sealed class ConsoleTextsTests
{
    [Fact]
    public void The_console_has_the_same_words_in_chinese_and_english() =>
        Assert.Equal(ConsoleTexts.Keys(chinese: false).Order(StringComparer.Ordinal), ConsoleTexts.Keys(chinese: true).Order(StringComparer.Ordinal));

    // The doctor's findings (DoctorTexts): the same keys, and each Chinese text takes the same values.
    [Fact]
    public void The_doctor_has_the_same_findings_with_the_same_placeholders_in_chinese_and_english()
    {
        var en = DoctorTexts.All(chinese: false).ToDictionary();
        var zh = DoctorTexts.All(chinese: true).ToDictionary();
        Assert.Equal(en.Keys.Order(StringComparer.Ordinal), zh.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in en)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(zh[key])), key);
            Assert.NotEqual(text, zh[key]);
        }

        static HashSet<string> Placeholders(string text) => Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).ToHashSet();
    }
}
