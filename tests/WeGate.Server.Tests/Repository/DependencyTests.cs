using System.Reflection;
using NetArchTest.Rules;

namespace WeGate.Server.Tests.Repository;

// The seams of docs/architecture.md#inside-the-server, held by the compiled code: a type's dependencies
// are read from its IL (NetArchTest), so a fully qualified name or a relative namespace counts as much as a
// using directive.
public sealed class DependencyTests
{
    private static readonly Assembly Server = typeof(WeGate.Server.Hosting.WeGateApp).Assembly;

    public static TheoryData<string, string> Forbidden => new()
    {
        { "WeGate.Server.Oidc", "WeGate.Server.Login" },
        { "WeGate.Server.Oidc", "WeGate.Server.Interaction" },
        { "WeGate.Server.Interaction", "WeGate.Server.Login" },
        { "WeGate.Server.Login", "WeGate.Server.Oidc.Authorize" },
        { "WeGate.Server.Pages", "WeGate.Server.Oidc" },
        { "WeGate.Server.Pages", "WeGate.Server.Interaction" },
        { "WeGate.Server.Pages", "WeGate.Server.Login" },
        { "WeGate.Server.Errors", "WeGate.Server.Oidc" },
        { "WeGate.Server.Errors", "WeGate.Server.Pages" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_server_folder_does_not_reach_into_the_ones_it_must_not(string folder, string forbidden)
    {
        Assert.NotEmpty(Types.InAssembly(Server).That().ResideInNamespace(folder).GetTypes());
        var result = Types.InAssembly(Server).That().ResideInNamespace(folder).Should().NotHaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{folder} must not use {forbidden}, but these do: " +
            string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    // Only the registration methods name a concrete store; everything else uses the store interfaces that
    // Core declares.
    [Theory]
    [InlineData("WeGate.Server.Oidc", "WeGate.Server.Oidc.OidcEndpoints")]
    [InlineData("WeGate.Server.Interaction", "WeGate.Server.Interaction.InteractionSetup")]
    [InlineData("WeGate.Server.Login", "WeGate.Server.Login.LoginFlows")]
    public void Only_the_registration_names_a_concrete_store(string folder, string registration)
    {
        var result = Types.InAssembly(Server).That().ResideInNamespace(folder).Should().NotHaveDependencyOnAny("WeGate.Storage.Stores").GetResult();
        var others = (result.FailingTypes ?? []).Select(t => t.FullName).Where(n => !n.StartsWith(registration, StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, $"These name a concrete store of WeGate.Storage.Stores instead of its Core interface: {string.Join(", ", others)}");
    }

    [Fact]
    public void A_folder_takes_in_its_subfolders() =>
        Assert.Contains(Types.InAssembly(Server).That().ResideInNamespace("WeGate.Server.Oidc").GetTypes(),
            t => t.FullName.StartsWith("WeGate.Server.Oidc.Authorize.", StringComparison.Ordinal));

    [Fact]
    public void The_check_sees_a_dependency_that_exists() =>
        Assert.False(Types.InAssembly(Server).That().ResideInNamespace("WeGate.Server.Login").Should()
            .NotHaveDependencyOnAny("WeGate.Server.Interaction").GetResult().IsSuccessful);

    [Fact]
    public void Core_references_nothing_of_ours_and_Storage_only_Core()
    {
        static IEnumerable<string> Ours(Assembly a) => a.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("WeGate", StringComparison.Ordinal));
        Assert.Empty(Ours(typeof(Core.Users.User).Assembly));
        Assert.Equal(["WeGate.Core"], Ours(typeof(Storage.Database).Assembly));
    }

    [Fact]
    public void The_domain_records_live_in_Core()
    {
        var core = typeof(Core.Users.User).Assembly;
        foreach (var name in new[] { "Tickets.LoginTicket", "Authorization.AuthorizationCode", "Authorization.Grant", "Authorization.RefreshToken", "Sessions.SsoSession", "Keys.SigningKeyRecord" })
            Assert.NotNull(core.GetType("WeGate.Core." + name));
    }
}
