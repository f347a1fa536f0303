using Microsoft.Extensions.Options;
using WeGate.Server.Hosting;

namespace WeGate.Server.Login.WebsiteQr;

// WeGate:Logins:WebsiteQr. The embedded QR gives up after QrTimeoutSeconds and offers a new one:
// WeChat's QR page expires on its own, and a person who taps "deny" on the phone is never sent back
// (docs/wechat-contract.md#the-qr-page), so the login page has to notice by itself.
internal sealed class WebsiteQrOptions
{
    public const string Section = "WeGate:Logins:WebsiteQr";

    public int QrTimeoutSeconds { get; set; } = 300;
}

internal sealed class WebsiteQrOptionsValidation : IValidateOptions<WebsiteQrOptions>
{
    public ValidateOptionsResult Validate(string? name, WebsiteQrOptions options)
    {
        var checks = new SettingChecks(WebsiteQrOptions.Section);
        checks.Range(nameof(options.QrTimeoutSeconds), options.QrTimeoutSeconds, 5, 1800);
        return checks.Result();
    }
}
