namespace WeGate.Server.Connections;

internal static class DoctorSetup
{
    public static void AddConnectionDoctor(this IServiceCollection services)
    {
        // WeChat gives a server 5 seconds to answer (docs/wechat-contract.md#deadline-and-retries); the doctor waits as long.
        services.AddHttpClient(OfficialAccountServerCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<OfficialAccountServerCheck>();
        services.AddSingleton<OpenPlatformInference>();
        services.AddSingleton<ConnectionDoctor>();
    }
}
