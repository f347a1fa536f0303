using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WeGate.Core.OneTimeCodes;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.Server.Tests.Logins;
using WeGate.Testing;

namespace WeGate.Server.Tests.OneTimeCodes;

// WeGate in Development with the sandbox mounted, its codes sent by a GatedSender, and small limits, so
// the binding page's limits can be reached over HTTP.
public abstract class CodeServer<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    public const int PerRecipientPerHour = 3;
    public const int FailuresPerRecipientPerDay = 3;
    public const int QueueCapacity = 2;

    private TestServer? _server;

    public TDatabase Db { get; } = new();

    public GatedSender Sender { get; } = new();

    public TestServer Server => _server ?? throw new InvalidOperationException(Db.Unavailable ?? "The server did not start");

    public async ValueTask InitializeAsync()
    {
        await Db.InitializeAsync();
        if (Db.Unavailable is not null)
            return;
        _server = await TestServer.StartAsync(Db, new Dictionary<string, string?>
        {
            ["WeGate:OneTimeCodes:ResendSeconds"] = "0",
            ["WeGate:OneTimeCodes:PerRecipientPerHour"] = PerRecipientPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeGate:OneTimeCodes:PerIpPerHour"] = "100000",
            ["WeGate:OneTimeCodes:FailuresPerRecipientPerDay"] = FailuresPerRecipientPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeGate:OneTimeCodes:QueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "Development", services => services.AddSingleton<ISmsSender>(Sender).AddSingleton<IEmailSender>(Sender));
    }

    public async ValueTask DisposeAsync()
    {
        Sender.Open();
        if (_server is not null)
            await _server.DisposeAsync();
        await Db.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCodeServer : CodeServer<SqliteTestDatabase>;

public sealed class PostgresCodeServer : CodeServer<PostgresTestDatabase>;

// An SMS and email sender that, while closed, holds every code until it is opened: a provider that
// does not answer.
public sealed class GatedSender : ISmsSender, IEmailSender
{
    private readonly List<(string To, string Text)> _sent = [];
    private readonly ChangeSignal _changed = new();
    private TaskCompletionSource _gate = Opened();
    private int _waiting;

    public int Waiting => Volatile.Read(ref _waiting);

    public void Close() => Interlocked.CompareExchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _gate);

    public void Open() => _gate.TrySetResult();

    public Task SendAsync(string phoneE164, string message, CancellationToken ct = default) => HoldAsync(phoneE164, message, ct);

    public Task SendAsync(string address, string subject, string body, CancellationToken ct = default) => HoldAsync(address, body, ct);

    public IReadOnlyList<string> SentTo(string to)
    {
        lock (_sent)
            return [.. _sent.Where(m => m.To == to).Select(m => m.Text)];
    }

    // The code of the last message to `to`, once it arrives.
    public async Task<string> CodeToAsync(string to)
    {
        await UntilAsync(() => SentTo(to).Count > 0);
        return Regex.Match(Assert.Single(SentTo(to)), @"\b\d{6}\b").Value;
    }

    // Until the messages sent or held make `condition` true.
    public Task UntilAsync(Func<bool> condition) => _changed.UntilAsync(condition, TimeSpan.FromSeconds(10));

    private async Task HoldAsync(string to, string text, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        _changed.Changed();
        try
        {
            await _gate.Task.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        lock (_sent)
            _sent.Add((to, text));
        _changed.Changed();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}

// A pool whose website-qr connection asks to bind, and a browser that a new WeChat user's sign-in has
// brought to the binding page (docs/accounts.md#binding-policies).
public sealed class AskToBindPage : IDisposable
{
    private const string AppRedirect = "https://app.example.com/callback";
    private readonly TestServer _server;
    private string _html = "";

    private AskToBindPage(TestServer server, string pool)
    {
        _server = server;
        Pool = pool;
        Browser = new RedirectBrowser(server.Http.BaseAddress!, null);
    }

    public string Pool { get; }

    public RedirectBrowser Browser { get; }

    public static async Task<AskToBindPage> OpenAsync(TestServer server)
    {
        var sandbox = new SandboxControlClient(server.Http, new Uri(server.Http.BaseAddress!, "/sandbox/"));
        var page = new AskToBindPage(server, "p" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Equal(201, (int)(await server.Admin.PostJsonAsync("/admin/api/pools", new { name = page.Pool })).StatusCode);
        var app = await sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { OpenPlatformAccount = "op-main", CallbackDomain = server.Http.BaseAddress!.Authority });
        Assert.Equal(201, (int)(await server.Admin.PostJsonAsync($"/admin/api/pools/{page.Pool}/connections", new
        {
            slug = "website-qr", type = "website-qr", display_name = "WeChat", app_id = app.AppId, app_secret = app.Secret, binding_policy = "ask-to-bind",
        })).StatusCode);
        Assert.Equal(201, (int)(await server.Admin.PostJsonAsync($"/admin/api/pools/{page.Pool}/applications", new
        {
            client_id = "web-app", display_name = "Web App", type = "web", redirect_uris = new[] { AppRedirect },
            grants = new[] { "authorization_code" }, connections = new[] { "website-qr" },
        })).StatusCode);
        var persona = await sandbox.CreatePersonaAsync(new Persona("persona-" + Guid.NewGuid().ToString("N")[..10]));

        var toLogin = await page.Browser.GetAsync($"/pools/{page.Pool}/oauth2/authorize?response_type=code&client_id=web-app" +
            $"&redirect_uri={Uri.EscapeDataString(AppRedirect)}&scope=openid&state=st-1&nonce=n-1");
        var login = await (await page.Browser.GetAsync(toLogin.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var frame = WebUtility.HtmlDecode(Regex.Match(login, "<iframe\\b[^>]*\\ssrc=\"([^\"]*)\"").Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await page.Browser.GetAsync(frame)).StatusCode);
        var state = OidcFlow.Browser.Query(new Uri(frame))["state"];
        var session = (await sandbox.PendingQrLoginsAsync(app.AppId)).Single(s => s.State == state);
        await sandbox.ScanQrLoginAsync(session.Id, persona.Id);
        var confirmed = await sandbox.ConfirmQrLoginAsync(session.Id);
        Assert.Equal(QrLoginStatus.Confirmed, confirmed.Status);
        var toAccount = await page.Browser.GetAsync(confirmed.RedirectUrl!);
        Assert.Equal($"/pools/{page.Pool}/login/account", toAccount.Headers.Location!.OriginalString);
        page._html = await (await page.Browser.GetAsync(toAccount.Headers.Location.OriginalString)).Content.ReadAsStringAsync();
        return page;
    }

    // A user of the pool whose phone number is `phone`.
    public async Task AddUserAsync(string phone) =>
        Assert.Equal(201, (int)(await _server.Admin.PostJsonAsync($"/admin/api/pools/{Pool}/users", new { phone })).StatusCode);

    // Asks for a code on the page; answers the page's text.
    public async Task<string> SendAsync(string recipient) => await (await PostAsync("bind/send", new() { ["recipient"] = recipient })).Content.ReadAsStringAsync();

    public Task<HttpResponseMessage> EnterAsync(string recipient, string code) => PostAsync("bind/code", new() { ["recipient"] = recipient, ["code"] = code });

    public async Task<List<JsonElement>> AuditAsync() =>
        [.. (await (await _server.Admin.GetAsync($"/admin/api/pools/{Pool}/audit-events")).JsonAsync()).EnumerateArray()];

    private Task<HttpResponseMessage> PostAsync(string step, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = OidcFlow.Browser.Hidden(_html, "__RequestVerificationToken");
        return Browser.PostFormAsync($"/pools/{Pool}/login/account/{step}", fields);
    }

    public void Dispose() => Browser.Dispose();
}
