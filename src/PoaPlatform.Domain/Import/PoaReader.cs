using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Reads a POA: tab-separated text as Excel exports it, or an .xlsx workbook, in the seed layout or the flat layout.
/// Whatever cannot be read raises <see cref="PoaFormatException"/> and nothing else.
/// </summary>
public static class PoaReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252, what Excel on Windows writes as "Texto (delimitado por tabulaciones)"; its five undefined
    /// bytes are refused rather than guessed.</summary>
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("The code-pages encoding provider has no Windows-1252.");

    /// <summary>Reads a POA from text; throws <see cref="PoaFormatException"/> (and nothing else) when the text is not one.</summary>
    public static PoaDocument Read(string text) => ReadWithSource(text).Document;

    /// <summary>Reads a POA from text and where each action and activity stands in it.</summary>
    public static PoaReadResult ReadWithSource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PoaParser.Parse(text);
    }

    /// <summary>Reads a file; I/O errors (missing file, no permission) surface as the usual IOException family.</summary>
    public static PoaDocument ReadFile(string path) => ReadFileWithSource(path).Document;

    /// <summary>Reads a file, text or workbook, by its content; a name ending in .xlsx must hold a workbook.</summary>
    public static PoaReadResult ReadFileWithSource(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadWithSource(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a stream (seekable for a workbook; it is copied when not), text or workbook by its content.</summary>
    /// <param name="fileName">The name the file came with, to refuse a text or an old .xls renamed .xlsx; may be null.</param>
    public static PoaReadResult ReadWithSource(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        Span<byte> head = stackalloc byte[8];
        var start = stream.Position;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var format = PoaFileFormats.Detect(head[..read]);
        var named = PoaFileFormats.FromName(fileName);
        if (format == PoaFileFormat.Xlsx)
            return XlsxWorkbook.Read(stream);
        if (format == PoaFileFormat.CompoundFile)
        {
            throw new PoaFormatException(
                "The file is an old Excel 97-2003 workbook (.xls) or a password-protected workbook, which cannot be read: " +
                "open it in Excel, remove the password if it has one (Archivo > Información > Proteger libro) and save it as \"Libro de Excel (*.xlsx)\".");
        }
        if (named == PoaFileFormat.Xlsx)
        {
            throw new PoaFormatException(
                $"{fileName} is named like an Excel workbook but is not one (a workbook is a zip archive; this file starts like text): " +
                "rename it .txt if it is Excel's text export, or save it again from Excel as \"Libro de Excel (*.xlsx)\".");
        }
        var bytes = new byte[stream.Length - stream.Position];
        stream.ReadExactly(bytes);
        return ReadWithSource(Decode(bytes));
    }

    /// <summary>
    /// UTF-8 with or without BOM; UTF-16 LE or BE with BOM ("Texto Unicode"); otherwise Windows-1252 ("Texto
    /// (delimitado por tabulaciones)" of Excel on Windows). Bytes that none of these decode give one error naming them.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return Checked(Strict(StrictUtf8, bytes[3..], "UTF-8 (its byte order mark says so)"), "UTF-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Checked(Strict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..], "UTF-16 LE (its byte order mark says so)"), "UTF-16 LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Checked(Strict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..], "UTF-16 BE (its byte order mark says so)"), "UTF-16 BE");
        try
        {
            return Checked(StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
        }
        try
        {
            return Checked(Windows1252.GetString(bytes), "Windows-1252");
        }
        catch (DecoderFallbackException e)
        {
            throw Undecodable($"byte 0x{(e.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : 0):X2} at offset {e.Index}", e);
        }
    }

    /// <summary>Text holds no control characters but tab and line breaks: a file with others (a binary file, UTF-16
    /// without its byte order mark, bytes Windows-1252 leaves undefined) is not text of any encoding tried.</summary>
    private static string Checked(string text, string encoding)
    {
        var index = text.AsSpan().IndexOfAnyInRange('\u0000', '\u0008');
        foreach (var (low, high) in new[] { ('\u000B', '\u000C'), ('\u000E', '\u001F'), ('\u007F', '\u009F') })
        {
            var other = text.AsSpan().IndexOfAnyInRange(low, high);
            if (other >= 0 && (index < 0 || other < index))
                index = other;
        }
        if (index < 0)
            return text;
        var line = text.AsSpan(0, index).Count('\n') + 1;
        throw Undecodable($"read as {encoding}, line {line} holds the control character U+{(int)text[index]:X4}", null);
    }

    private static PoaFormatException Undecodable(string detail, Exception? inner)
    {
        var message = $"The file is not text this importer can decode ({detail}): it was tried as UTF-8, as UTF-16 with a byte order mark " +
                      "and as Windows-1252. Save it from Excel as \"Texto Unicode (*.txt)\" or as \"Libro de Excel (*.xlsx)\".";
        return inner is null ? new PoaFormatException(message) : new PoaFormatException(message, inner);
    }

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new PoaFormatException($"The file is not valid {what}: bytes at offset {e.Index} cannot be decoded. Save it again as \"Texto Unicode (*.txt)\".", e);
        }
    }
}

/// <summary>What a file holds, by its first bytes.</summary>
public enum PoaFileFormat
{
    Text,
    Xlsx,

    /// <summary>An OLE compound file: an Excel 97-2003 .xls, or an encrypted (password-protected) .xlsx.</summary>
    CompoundFile,
}

public static class PoaFileFormats
{
    /// <summary>By content: a zip archive is a workbook, an OLE compound file an .xls or an encrypted workbook, else text.</summary>
    public static PoaFileFormat Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) ? PoaFileFormat.Xlsx
        : head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) ? PoaFileFormat.CompoundFile
        : PoaFileFormat.Text;

    /// <summary>By name: .xlsx/.xlsm are workbooks; anything else is taken as text.</summary>
    public static PoaFileFormat FromName(string? fileName) =>
        fileName is not null && (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase))
            ? PoaFileFormat.Xlsx
            : PoaFileFormat.Text;
}
