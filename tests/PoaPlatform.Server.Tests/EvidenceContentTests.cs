using System.IO.Compression;
using System.Text;
using PoaPlatform.Server.Evidence;

namespace PoaPlatform.Server.Tests;

/// <summary>What a file's bytes are, whatever its name: the types evidence accepts, and what it refuses.</summary>
public sealed class EvidenceContentTests
{
    [Theory]
    [InlineData("%PDF-1.7\n", "acta.docx", "application/pdf", "acta.pdf")]
    [InlineData("GIF89a....", "foto.gif", "image/gif", "foto.gif")]
    [InlineData("Clave,Avance\n1,10\n", "avance.csv", "text/csv; charset=utf-8", "avance.csv")]
    [InlineData("Informe de marzo: se entregaron 10 apoyos.\n", "informe", "text/plain; charset=utf-8", "informe.txt")]
    public void TheTypeComesFromTheBytesAndTheNameTakesItsExtension(string content, string name, string type, string stored)
    {
        var detection = Detect(Encoding.UTF8.GetBytes(content), name);

        Assert.Equal(type, detection.ContentType);
        Assert.Equal(stored, EvidenceContent.SafeName(name, detection));
    }

    [Fact]
    public void ImagesAndTheOldOfficeFormatsAreRecognised()
    {
        Assert.Equal("image/png", Detect([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "x.png").ContentType);
        Assert.Equal("image/jpeg", Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "x.jpeg").ContentType);
        Assert.Equal("image/webp", Detect([.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8], "x.webp").ContentType);
        Assert.Equal("application/vnd.ms-excel", Detect([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "presupuesto.xls").ContentType);
    }

    [Theory]
    [InlineData("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    public void AnOfficeOpenXmlPackageIsTheDocumentItsPartsSay(string part, string type) =>
        Assert.Equal(type, Detect(Zip("[Content_Types].xml", part), "documento.zip").ContentType);

    [Theory]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0 }, "a Windows executable (MZ)")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, "an ELF executable")]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b' }, "a script (#!)")]
    [InlineData(new byte[] { 0, 1, 2, 3, 0xFE }, "an unknown binary format")]
    public void ExecutablesAndUnknownBytesAreRefusedWhateverTheirName(byte[] content, string description)
    {
        var detection = Detect(content, "informe.pdf");

        Assert.False(detection.Accepted);
        Assert.Equal(description, detection.Description);
    }

    [Fact]
    public void AZipThatIsNotAnOfficeDocumentIsRefused() =>
        Assert.Equal("a ZIP archive that is not an Office document", Detect(Zip("programa.exe"), "fotos.docx").Description);

    [Fact]
    public void AStoredNameLosesItsFolderControlCharactersAndQuotes() =>
        Assert.Equal("acta final.pdf", EvidenceContent.SafeName("C:\\Users\\ana\\\"acta\u0007 final\".pdf", Detect("%PDF-"u8.ToArray(), "x.pdf")));

    private static EvidenceContent.Detection Detect(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes);
        return EvidenceContent.Detect(stream, name);
    }

    private static byte[] Zip(params string[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }
        return stream.ToArray();
    }
}
