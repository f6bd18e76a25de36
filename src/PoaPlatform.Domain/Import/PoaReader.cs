using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>Reads a POA in the seed layout (tab-separated text exported from the municipality's spreadsheet).</summary>
public static class PoaReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a POA; throws <see cref="PoaFormatException"/> (and nothing else) when the text is not one.</summary>
    public static PoaDocument Read(string text) => ReadWithSource(text).Document;

    /// <summary>Reads a POA and where each action and activity stands in the text.</summary>
    public static PoaReadResult ReadWithSource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PoaParser.Parse(text);
    }

    /// <summary>Reads a file; I/O errors (missing file, no permission) surface as the usual IOException family.</summary>
    public static PoaDocument ReadFile(string path) => ReadFileWithSource(path).Document;

    public static PoaReadResult ReadFileWithSource(string path) => ReadWithSource(Decode(File.ReadAllBytes(path)));

    /// <summary>UTF-8 with or without BOM, UTF-16 with BOM; anything else is taken as Latin-1, as older Excel saves it.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Encoding.Unicode.GetString(bytes[2..]);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
