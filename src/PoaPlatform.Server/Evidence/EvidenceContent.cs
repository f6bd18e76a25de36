using System.IO.Compression;
using System.Text;

namespace PoaPlatform.Server.Evidence;

/// <summary>What a file's bytes are, whatever its name says: PDF, PNG, JPEG, GIF, WebP, Office documents (OOXML and the
/// older OLE2 ones), or plain text and CSV. Everything else is refused, and the refusal names what the bytes look like.</summary>
public static class EvidenceContent
{
    /// <summary>What <see cref="Detect"/> found: an accepted media type and the extension it goes with, or null and a
    /// description of what the bytes are (an executable, an archive, ...).</summary>
    public sealed record Detection(string? ContentType, string? Extension, string Description)
    {
        public bool Accepted => ContentType is not null;
    }

    /// <summary>The bytes read for the magic numbers and the text check.</summary>
    public const int HeadLength = 8192;

    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Looks at the first bytes of a seekable file (and, for a zip, at its entries).</summary>
    public static Detection Detect(Stream file, string fileName)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Position = 0;
        var head = new byte[HeadLength];
        var length = 0;
        int read;
        while (length < head.Length && (read = file.Read(head, length, head.Length - length)) > 0)
            length += read;
        var bytes = head.AsSpan(0, length);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();

        if (length == 0)
            return new(null, null, "an empty file");
        if (bytes.StartsWith("%PDF-"u8))
            return new("application/pdf", ".pdf", "PDF");
        if (Starts(bytes, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return new("image/png", ".png", "PNG image");
        if (Starts(bytes, [0xFF, 0xD8, 0xFF]))
            return new("image/jpeg", ".jpg", "JPEG image");
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
            return new("image/gif", ".gif", "GIF image");
        if (length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
            return new("image/webp", ".webp", "WebP image");
        if (bytes.StartsWith("MZ"u8))
            return new(null, null, "a Windows executable (MZ)");
        if (Starts(bytes, [0x7F, (byte)'E', (byte)'L', (byte)'F']))
            return new(null, null, "an ELF executable");
        if (Starts(bytes, [0xCF, 0xFA, 0xED, 0xFE]) || Starts(bytes, [0xFE, 0xED, 0xFA, 0xCF]) || Starts(bytes, [0xCA, 0xFE, 0xBA, 0xBE]))
            return new(null, null, "a Mach-O executable");
        if (bytes.StartsWith("#!"u8))
            return new(null, null, "a script (#!)");
        if (bytes.StartsWith(Ole2))
        {
            // The old binary formats share one container; its name tells which program opens it.
            return extension switch
            {
                ".xls" => new("application/vnd.ms-excel", ".xls", "Excel 97-2003 workbook"),
                ".ppt" => new("application/vnd.ms-powerpoint", ".ppt", "PowerPoint 97-2003 presentation"),
                _ => new("application/msword", ".doc", "Word 97-2003 document"),
            };
        }
        if (Starts(bytes, [(byte)'P', (byte)'K', 0x03, 0x04]))
            return OfficeOpenXml(file);
        if (IsText(bytes))
        {
            return extension == ".csv"
                ? new("text/csv; charset=utf-8", ".csv", "CSV text")
                : new("text/plain; charset=utf-8", ".txt", "plain text");
        }
        return new(null, null, "an unknown binary format");
    }

    /// <summary>A file name safe to store and to send back: the last segment of what the client said, without control
    /// characters, path separators or quotes, at most 150 characters, with the extension of what the bytes are.</summary>
    public static string SafeName(string? fileName, Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '"' or '<' or '>' or ':' or '|' or '?' or '*' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                continue;
            clean.Append(c);
        }
        var stem = Path.GetFileNameWithoutExtension(clean.ToString()).Trim().Trim('.');
        if (stem.Length == 0)
            stem = "evidencia";
        if (stem.Length > 140)
            stem = stem[..140];
        // The extension follows the content: a PNG called informe.pdf downloads as informe.png.
        var extension = Path.GetExtension(clean.ToString()).ToLowerInvariant();
        var wanted = detection.Extension ?? "";
        var keep = extension == wanted || (wanted == ".jpg" && extension == ".jpeg") || (wanted == ".txt" && extension is ".txt" or ".text" or ".md");
        return stem + (keep ? extension : wanted);
    }

    private static Detection OfficeOpenXml(Stream file)
    {
        try
        {
            file.Position = 0;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("[Content_Types].xml") is null)
                return new(null, null, "a ZIP archive that is not an Office document");
            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal)))
                return new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document");
            if (zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)))
                return new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel workbook");
            if (zip.Entries.Any(e => e.FullName.StartsWith("ppt/", StringComparison.Ordinal)))
                return new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint presentation");
            return new(null, null, "an Open XML package that is not a Word, Excel or PowerPoint document");
        }
        catch (InvalidDataException)
        {
            return new(null, null, "a damaged ZIP archive");
        }
    }

    private static bool Starts(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> magic) => bytes.StartsWith(magic);

    // UTF-8 (a sequence cut at the end of the head is fine) without NUL or other control characters than tab and line ends.
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (Starts(bytes, [0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
                return false;
        }
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[bytes.Length + 1];
        try
        {
            decoder.GetChars(bytes, chars, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
