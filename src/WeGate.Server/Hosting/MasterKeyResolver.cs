using WeGate.Core.Secrets;

namespace WeGate.Server.Hosting;

// Production takes the master key from configuration and refuses to start without one. Development
// generates one into the data folder on first start and says so.
internal static class MasterKeyResolver
{
    public const string FileName = "master.key";

    public static SecretProtector Resolve(WeGateOptions options, IHostEnvironment env, ILogger logger)
    {
        // WeGateOptionsValidation has refused a configured key that is not base64 of 32 bytes.
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
            return SecretProtector.FromBase64(options.MasterKey, options.PreviousMasterKeys);
        if (!env.IsDevelopment())
            throw new StartupException(
                "WeGate:MasterKey is not set. Production needs a master key to encrypt secrets at rest: " +
                "generate one with `openssl rand -base64 32` and set WEGATE__MASTERKEY (keep it safe; losing it loses every stored secret).");

        var path = Path.Combine(Path.GetFullPath(options.DataDirectory), FileName);
        if (!File.Exists(path))
        {
            PrivateFiles.EnsureFolder(Path.GetDirectoryName(path)!);
            PrivateFiles.WriteNew(path, SecretProtector.NewKeyBase64());
            logger.LogWarning("Development: generated a master key for secrets at rest in {Path}. Production requires WeGate:MasterKey.", path);
        }
        try
        {
            return SecretProtector.FromBase64(File.ReadAllText(path), options.PreviousMasterKeys);
        }
        catch (FormatException e)
        {
            throw new StartupException($"{path} does not hold a master key: {e.Message}. Restore the file, or set WeGate:MasterKey to the key it held.");
        }
    }
}

public sealed class StartupException(string message) : Exception(message);
