using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>The DataProtection key ring in the platform's database, shared by every replica: a cookie or an
/// anti-forgery token issued by one silo is read by the others.</summary>
internal sealed class DatabaseXmlRepository(KeyRingStore store, TimeProvider clock) : IXmlRepository
{
    // DataProtection calls these synchronously, and rarely (at start and when a key is created).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ReadAllAsync().GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.StoreAsync(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName,
            element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow()).GetAwaiter().GetResult();
    }
}
