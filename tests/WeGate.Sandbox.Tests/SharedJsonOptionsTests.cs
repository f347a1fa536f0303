using WeGate.Sandbox.Api;
using WeGate.Sandbox.Control;

namespace WeGate.Sandbox.Tests;

// Results.Json gives options without a type resolver the default one as it builds each response. On
// options shared by every response that is a write, and two first requests racing there failed with
// "This JsonSerializerOptions instance is read-only" (a 500 on jscode2session, seen in CI). Shared
// options are therefore read-only, with their resolver, before any response uses them.
public sealed class SharedJsonOptionsTests
{
    [Fact]
    public void The_options_every_WeChat_and_control_response_shares_are_read_only_with_a_resolver()
    {
        foreach (var options in new[] { WeChatJson.Options, SandboxControlJson.Options })
        {
            Assert.True(options.IsReadOnly);
            Assert.NotNull(options.TypeInfoResolver);
        }
    }
}
