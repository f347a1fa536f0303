using System.Net;
using WeGate.Core.Admin;
using WeGate.Server.Console;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Console;

// The console over real HTTP, signed in through WeGate's own login page, on each database.
public abstract partial class ConsoleContract(TestDatabase db, Func<TestServer> server)
{
    protected const string Password = "correct horse battery";

    protected TestServer Server
    {
        get
        {
            _ = db.Database; // skips with the reason when the database is unavailable
            return server();
        }
    }

    protected async Task<string> NewAdministratorAsync(string role = AdministratorRole.Owner) => (await NewAdministratorAsync(role, "admin")).Email;

    private protected async Task<Administrators.Created> NewAdministratorAsync(string role, string prefix) =>
        await Server.Service<Administrators>().CreateAsync($"{prefix}-{Guid.NewGuid():N}@example.com", Password, role, first: false, "test", null, CancellationToken.None);

    // A browser signed in to the console as a new administrator of the role.
    protected async Task<Browser> SignedInAsync(string role = AdministratorRole.Owner) => await SignInAsync(await NewAdministratorAsync(role), Password);

    protected async Task<Browser> SignInAsync(string email, string password, string start = "/console/login")
    {
        var (browser, landing) = await SignIn(Server, email, password, start);
        LastLanding = landing;
        return browser;
    }

    // From a console page to WeGate's login page and back through the callback: the browser, signed in,
    // and the callback's answer.
    internal static async Task<(Browser Browser, HttpResponseMessage Landing)> SignIn(TestServer server, string email, string password, string start = "/console/login")
    {
        var browser = new Browser(server.Http.BaseAddress!);
        var toAuthorize = await browser.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, toAuthorize.StatusCode);
        var toLogin = await browser.GetAsync(toAuthorize.Headers.Location!.OriginalString);
        var toCallback = await browser.SignInAsync(toLogin, email, password);
        Assert.Equal(HttpStatusCode.SeeOther, toCallback.StatusCode);
        Assert.StartsWith(server.Http.BaseAddress + "console/callback?", toCallback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return (browser, await browser.GetAsync(toCallback.Headers.Location!.OriginalString));
    }

    protected HttpResponseMessage? LastLanding { get; private set; }

    protected static async Task<string> HtmlAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    // Posts a console form the way the page does: with the anti-forgery token of a page just loaded.
    protected static async Task<HttpResponseMessage> PostAsync(Browser browser, string action, Dictionary<string, string> fields, string page = "/console/pools")
    {
        var html = await HtmlAsync(await browser.GetAsync(page));
        fields["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken");
        return await browser.PostFormAsync(action, fields);
    }

    protected async Task<string> NewPoolAsync()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync("/admin/api/pools", new { name, display_name = "Test" })).StatusCode);
        return name;
    }
}

public sealed class SqliteConsole(SqliteServer f) : ConsoleContract(f.Db, () => f.Server), IClassFixture<SqliteServer>;

public sealed class PostgresConsole(PostgresServer f) : ConsoleContract(f.Db, () => f.Server), IClassFixture<PostgresServer>;
