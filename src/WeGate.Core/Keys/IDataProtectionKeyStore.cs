namespace WeGate.Core.Keys;

// ASP.NET Core data protection's key ring, as XML elements by name, shared by every node.
public interface IDataProtectionKeyStore
{
    Task<IReadOnlyList<string>> GetAllAsync(CancellationToken ct = default);

    Task StoreAsync(string name, string xml, CancellationToken ct = default);
}
