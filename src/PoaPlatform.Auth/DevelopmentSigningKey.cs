using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace PoaPlatform.Auth;

/// <summary>The HMAC key that signs tokens when no key is configured: created once in the data directory, then reused.</summary>
/// <remarks>The server and the <c>poa token</c> command read the same file, so a token issued on this machine is
/// accepted by a server that runs here. Production configures <c>Auth:SigningKey</c> instead.</remarks>
public static class DevelopmentSigningKey
{
    public const string FileName = "dev-signing-key.json";

    public static SymmetricSecurityKey LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
            TryCreate(dataDirectory, path);
        var file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is not a signing key file.");
        return FromBase64(file.Key, file.KeyId);
    }

    /// <summary>A key given as base64 text (at least 32 bytes, for HMAC-SHA256).</summary>
    public static SymmetricSecurityKey FromBase64(string base64, string keyId = "configured")
    {
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length < 32)
            throw new ArgumentException("A signing key needs at least 32 bytes.", nameof(base64));
        return new SymmetricSecurityKey(bytes) { KeyId = keyId };
    }

    private static void TryCreate(string dataDirectory, string path)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = new KeyFile(Guid.NewGuid().ToString("N"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        try
        {
            // CreateNew: when the server and the CLI start together, the second one reads the first one's key.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            JsonSerializer.Serialize(stream, file);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    private sealed record KeyFile(string KeyId, string Key);
}
