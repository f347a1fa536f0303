using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using WeGate.Core.Keys;
using WeGate.Core.Secrets;

namespace WeGate.Server.Hosting;

// ASP.NET Core data-protection keys (cookies, anti-forgery) live in the database, so every node reads
// the same ring, and are encrypted with the master key like every other secret at rest.
internal sealed class DatabaseKeyRing(IDataProtectionKeyStore store) : IXmlRepository
{
    // IXmlRepository is synchronous; it is called when the key ring is (re)loaded, not per request.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.GetAllAsync().GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}

internal sealed class MasterKeyXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    public const string Purpose = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var blob = protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), Purpose);
        return new EncryptedXmlInfo(new XElement("encrypted", Convert.ToBase64String(blob)), typeof(MasterKeyXmlDecryptor));
    }
}

internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var protector = services.GetRequiredService<SecretProtector>();
        return XElement.Parse(protector.Unprotect(Convert.FromBase64String(encryptedElement.Value), MasterKeyXmlEncryptor.Purpose));
    }
}
