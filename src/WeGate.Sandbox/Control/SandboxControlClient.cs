using System.Net.Http.Headers;
using System.Net.Http.Json;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Control;

// Typed calls to the control API, for this repository's tests and for developers' own CI.
// `root` is the sandbox prefix, e.g. http://127.0.0.1:5000/sandbox/. `controlSecret` is the sandbox's
// ControlSecret, needed when the sandbox is on another machine (docs/sandbox.md).
public sealed class SandboxControlClient(HttpClient http, Uri root, string? controlSecret = null)
{
    private readonly Uri _control = new(root.ToString().TrimEnd('/') + "/control/");

    public Task<SandboxApp> CreateAppAsync(CreateAppRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxApp>("apps", request, cancellationToken);

    public Task<Persona> CreatePersonaAsync(Persona persona, CancellationToken cancellationToken = default) =>
        PostAsync<Persona>("personas", persona, cancellationToken);

    public Task<IReadOnlyList<SandboxApp>> ListAppsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SandboxApp>>("apps", cancellationToken);

    public Task<IReadOnlyList<Persona>> ListPersonasAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Persona>>("personas", cancellationToken);

    public Task<PersonaIdentity> IdentityAsync(string appId, string personaId, CancellationToken cancellationToken = default) =>
        GetAsync<PersonaIdentity>($"apps/{Uri.EscapeDataString(appId)}/personas/{Uri.EscapeDataString(personaId)}", cancellationToken);

    public Task<IssuedCodeResponse> IssueOAuthCodeAsync(string appId, string personaId, string? scope = null, CancellationToken cancellationToken = default) =>
        PostAsync<IssuedCodeResponse>("codes/oauth", new IssueCodeRequest(appId, personaId, scope), cancellationToken);

    public Task<IssuedCodeResponse> IssueJsCodeAsync(string appId, string personaId, CancellationToken cancellationToken = default) =>
        PostAsync<IssuedCodeResponse>("codes/js", new IssueCodeRequest(appId, personaId), cancellationToken);

    public Task<IssuedCodeResponse> IssuePhoneCodeAsync(string appId, string personaId, CancellationToken cancellationToken = default) =>
        PostAsync<IssuedCodeResponse>("codes/phone", new IssueCodeRequest(appId, personaId), cancellationToken);

    public Task<ScanResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<ScanResult>("qr/scan", request, cancellationToken);

    public Task<SandboxApp> UpdateAppAsync(string appId, UpdateAppRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SandboxApp>(HttpMethod.Patch, $"apps/{Uri.EscapeDataString(appId)}", request, cancellationToken);

    public Task<FollowResult> FollowAsync(string appId, string personaId, CancellationToken cancellationToken = default) =>
        PostAsync<FollowResult>($"apps/{Uri.EscapeDataString(appId)}/followers", new PersonaRequest(personaId), cancellationToken);

    public Task<ServerVerification> VerifyServerAsync(string appId, CancellationToken cancellationToken = default) =>
        PostAsync<ServerVerification>($"apps/{Uri.EscapeDataString(appId)}/verify-server", new { }, cancellationToken);

    public Task<IReadOnlyList<SandboxDelivery>> DeliveriesAsync(string appId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SandboxDelivery>>("deliveries?app_id=" + Uri.EscapeDataString(appId), cancellationToken);

    // With wait, the control API holds the call until the delivery completes (bounded by the sandbox).
    public Task<SandboxDelivery> DeliveryAsync(string id, bool wait = false, CancellationToken cancellationToken = default) =>
        GetAsync<SandboxDelivery>($"deliveries/{Uri.EscapeDataString(id)}" + (wait ? "?wait=true" : ""), cancellationToken);

    public Task<IReadOnlyList<QrLoginSession>> PendingQrLoginsAsync(string? appId = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<QrLoginSession>>("qrconnect" + (appId is null ? "" : "?app_id=" + Uri.EscapeDataString(appId)), cancellationToken);

    public Task<QrLoginSession> QrLoginAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<QrLoginSession>($"qrconnect/{Uri.EscapeDataString(id)}", cancellationToken);

    public Task<QrLoginSession> ScanQrLoginAsync(string id, string personaId, CancellationToken cancellationToken = default) =>
        PostAsync<QrLoginSession>($"qrconnect/{Uri.EscapeDataString(id)}/scan", new PersonaRequest(personaId), cancellationToken);

    public Task<QrLoginSession> ConfirmQrLoginAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<QrLoginSession>($"qrconnect/{Uri.EscapeDataString(id)}/confirm", new { }, cancellationToken);

    public Task<QrLoginSession> DenyQrLoginAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<QrLoginSession>($"qrconnect/{Uri.EscapeDataString(id)}/deny", new { }, cancellationToken);

    public Task SetFaultAsync(SandboxFault fault, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "faults", fault, cancellationToken);

    public Task ClearFaultsAsync(string? path = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path is null ? "faults" : "faults?path=" + Uri.EscapeDataString(path), null, cancellationToken);

    public Task<IReadOnlyList<SandboxCall>> CallsAsync(string? path = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SandboxCall>>(path is null ? "calls" : "calls?path=" + Uri.EscapeDataString(path), cancellationToken);

    public Task ClearCallsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "calls", null, cancellationToken);

    public Task<IReadOnlyList<Outbox.OutboxMessage>> OutboxAsync(string? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Outbox.OutboxMessage>>(to is null ? "outbox" : "outbox?to=" + Uri.EscapeDataString(to), cancellationToken);

    public Task ClearOutboxAsync(string? to = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, to is null ? "outbox" : "outbox?to=" + Uri.EscapeDataString(to), null, cancellationToken);

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    private Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(SandboxControlJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"The sandbox control API answered an empty body for {path}.");
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_control, path))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: SandboxControlJson.Options),
        };
        if (controlSecret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", controlSecret);
        }

        var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpRequestException($"The sandbox control API refused {path}: {(int)response.StatusCode} {detail}", null, response.StatusCode);
            }
        }

        return response;
    }
}
