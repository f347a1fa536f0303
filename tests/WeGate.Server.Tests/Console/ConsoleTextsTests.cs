using WeGate.Server.Console;

namespace WeGate.Server.Tests.Console;

public sealed class ConsoleTextsTests
{
    [Fact]
    public void The_console_has_the_same_words_in_chinese_and_english() =>
        Assert.Equal(ConsoleTexts.Keys(chinese: false).Order(StringComparer.Ordinal), ConsoleTexts.Keys(chinese: true).Order(StringComparer.Ordinal));
}
