using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>Evidence of progress reports on the real host: files over HTTP, links, reviews and deletions over GraphQL,
/// the audit and the live push. Storage follows the collection's host: PostgreSQL, or SQLite with POA_TEST_STORAGE=Sqlite.</summary>
[Collection(ServerCollection.Name)]
public sealed class EvidenceTests(PoaServerFactory server)
{
    private const string Department = "obras-publicas";

    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    internal static MultipartFormDataContent Form(byte[] file, string name, string contentType = "application/pdf")
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, "file", name } };
    }

    private static string Upload(TestPoa poa, int number = 1, int activity = 1, int month = 3) =>
        $"/evidence/{poa.Municipality}/{TestPoa.Year}/{Department}/{number}/{activity}/{month}";

    private static async Task<JsonNode> EvidenceAsync(GraphQLClient client, TestPoa poa, string args = "") => (await client.DataAsync($$"""
        { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { action(number: 1) {
            evidenceCount evidence{{args}} { totalCount nodes { id kind activityId month fileName contentType size sha256 url title uploadedBy uploadedAt status reviewedBy reviewComment } } } } } }
        """))["poa"]!["department"]!["action"]!;

    [Fact]
    public async Task AnUploadedPdfIsListedOnItsActionAndDownloadsAsTheSameBytesAsAnAttachmentThatIsNotSniffed()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);

        using var upload = await editor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), Form(Pdf, "Acta de entrega «marzo».pdf"));
        var created = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var listed = await EvidenceAsync(editor, poa, "(activityId: 1, month: 3)");
        using var anonymous = server.CreateClient();
        using var download = await anonymous.GetAsync(new Uri((string)created["downloadUrl"]!, UriKind.Relative));
        var bytes = await download.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var item = listed["evidence"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal(("FILE", "Acta de entrega «marzo».pdf", "application/pdf", Pdf.Length, "PENDING"),
            ((string)item["kind"]!, (string)item["fileName"]!, (string)item["contentType"]!, (int)item["size"]!, (string)item["status"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), (string)item["sha256"]!);
        Assert.Equal("tester", (string?)item["uploadedBy"]);
        Assert.Equal(1, (int)listed["evidenceCount"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, bytes);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Acta de entrega «marzo».pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        // Anonymous readers (Auth:PublicRead) see the item but not who added it.
        var seenByAnonymous = (await EvidenceAsync(server.Client(), poa))["evidence"]!["nodes"]![0]!;
        Assert.Null((string?)seenByAnonymous["uploadedBy"]);
    }

    [Fact]
    public async Task AFiftyMegabyteUploadOfUnknownLengthIsRefusedWith413WhileItStreams()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        var part = new StreamContent(new CountingZeros(50L * 1024 * 1024), 1 << 16);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        // Chunked, without a length: the server has to count the bytes as they come.
        using var form = new MultipartFormDataContent { { part, "file", "grande.pdf" } };
        editor.Http.DefaultRequestHeaders.TransferEncodingChunked = true;

        using var response = await editor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("FILE_TOO_LARGE", (string?)body["errors"]![0]!["extensions"]!["code"]);
        Assert.Contains("larger than 10,485,760 bytes (Evidence:MaxBytes)", (string?)body["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(0, (int)(await EvidenceAsync(editor, poa))["evidenceCount"]!);
    }

    [Fact]
    public async Task AnUploadThatDeclaresFiftyMegabytesAndSendsThemAtOnceGetsThe413()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        var part = new StreamContent(new CountingZeros(50L * 1024 * 1024));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        part.Headers.ContentLength = 50L * 1024 * 1024;
        using var form = new MultipartFormDataContent { { part, "file", "grande.pdf" } };

        using var response = await editor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("FILE_TOO_LARGE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExecutableRenamedPdfIsRefusedWith415NamingWhatItIs()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        var executable = new byte[4096];
        "MZ"u8.CopyTo(executable);
        Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.").CopyTo(executable, 78);

        using var response = await editor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), Form(executable, "informe.pdf"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UNSUPPORTED_FILE_TYPE", (string?)error["extensions"]!["code"]);
        Assert.Contains("informe.pdf\" is a Windows executable (MZ)", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(0, (int)(await EvidenceAsync(editor, poa))["evidenceCount"]!);
    }

    [Fact]
    public async Task AUserOfAnotherMunicipalityCannotAddDeleteOrReviewEvidence()
    {
        var poa = await TestPoa.CreateAsync(server);
        var other = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var id = await AddLinkAsync(poa.Client(PoaRoles.Editor, Department), poa);
        var foreignEditor = server.Client(PoaRoles.Editor, Department, other.Municipality);
        var foreignAdmin = server.Client(PoaRoles.Admin, "", other.Municipality);

        using var upload = await foreignEditor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), Form(Pdf, "acta.pdf"));
        var link = await foreignAdmin.ErrorAsync("mutation($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) { id } }",
            new { input = new { municipality = poa.Municipality, year = 2021, department = Department, number = 1, activityId = 1, month = 3, url = "https://example.org/x" } });
        var delete = await foreignAdmin.ErrorAsync("mutation($id: ID!) { deleteEvidence(id: $id) { id } }", new { id });
        var review = await foreignAdmin.ErrorAsync("mutation($id: ID!) { reviewEvidence(id: $id, verdict: VALIDATED) { id } }", new { id });

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("FORBIDDEN", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(new[] { link, delete, review }, e => Assert.Equal("FORBIDDEN", (string?)e["extensions"]!["code"]));
        var items = (await EvidenceAsync(poa.Admin, poa))["evidence"]!["nodes"]!.AsArray();
        Assert.Equal("PENDING", (string?)Assert.Single(items)!["status"]);
    }

    [Fact]
    public async Task AReviewerValidatesOrRejectsWithACommentAndAnEditorMayNot()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        var first = await AddLinkAsync(editor, poa);
        var second = await AddLinkAsync(editor, poa);
        var planner = poa.Client(PoaRoles.Planner);
        const string Review = "mutation($id: ID!, $verdict: EvidenceVerdict!, $comment: String) { reviewEvidence(id: $id, verdict: $verdict, comment: $comment) { status reviewedBy reviewComment } }";

        var byEditor = await editor.ErrorAsync(Review, new { id = first, verdict = "VALIDATED" });
        var rejectedWithoutWhy = await planner.ErrorAsync(Review, new { id = second, verdict = "REJECTED" });
        var validated = (await planner.DataAsync(Review, new { id = first, verdict = "VALIDATED", comment = "Coincide con el avance." }))["reviewEvidence"]!;
        var rejected = (await planner.DataAsync(Review, new { id = second, verdict = "REJECTED", comment = "El enlace no abre." }))["reviewEvidence"]!;
        var audit = await AuditAsync(poa);

        Assert.Equal("FORBIDDEN", (string?)byEditor["extensions"]!["code"]);
        Assert.Equal(("VALIDATION", "comment"), ((string?)rejectedWithoutWhy["extensions"]!["code"], (string?)rejectedWithoutWhy["extensions"]!["field"]));
        Assert.Equal(("VALIDATED", "tester", "Coincide con el avance."), ((string?)validated["status"], (string?)validated["reviewedBy"], (string?)validated["reviewComment"]));
        Assert.Equal(("REJECTED", "El enlace no abre."), ((string?)rejected["status"], (string?)rejected["reviewComment"]));
        Assert.Contains(audit, e => (string?)e!["command"] == "reviewEvidence" && (string?)e!["newValue"] == "REJECTED: El enlace no abre.");
        Assert.Contains(audit, e => (string?)e!["command"] == "reviewEvidence" && (string?)e!["newValue"] == "VALIDATED: Coincide con el avance.");
    }

    [Fact]
    public async Task ADeletionRemovesTheFileAndStaysInTheAuditOfItsAction()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        using var upload = await editor.Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), Form(Pdf, "acta.pdf"));
        var id = (long)JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["id"]!;

        await editor.DataAsync("mutation($id: ID!) { deleteEvidence(id: $id) { id } }", new { id });
        using var download = await editor.Http.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative));
        var again = await editor.ErrorAsync("mutation($id: ID!) { deleteEvidence(id: $id) { id } }", new { id });
        var audit = await AuditAsync(poa);

        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal("NOT_FOUND", (string?)again["extensions"]!["code"]);
        Assert.Equal(0, (int)(await EvidenceAsync(editor, poa))["evidenceCount"]!);
        var deleted = Assert.Single(audit, e => (string?)e!["command"] == "deleteEvidence")!;
        Assert.Equal(("tester", "activity/1/progress/3", "PROGRESS", 3), ((string?)deleted["user"], (string?)deleted["field"], (string?)deleted["kind"], (int)deleted["month"]!));
        Assert.StartsWith("acta.pdf (application/pdf, ", (string?)deleted["oldValue"], StringComparison.Ordinal);
        Assert.Single(audit, e => (string?)e!["command"] == "addEvidence");
    }

    [Fact]
    public async Task LinksAreHttpOrHttpsAndNameAnActivityThatExists()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        var editor = poa.Client(PoaRoles.Editor, Department);
        const string Add = "mutation($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) { id url title } }";
        object Input(string url, int activityId = 1) => new { input = new { municipality = poa.Municipality, year = 2021, department = Department, number = 1, activityId, month = 3, url, title = "Fotos" } };

        var script = await editor.ErrorAsync(Add, Input("javascript:alert(1)"));
        var missing = await editor.ErrorAsync(Add, Input("https://example.org/fotos", activityId: 9));
        var added = (await editor.DataAsync(Add, Input("https://example.org/fotos")))["addEvidenceLink"]!;

        Assert.Equal(("VALIDATION", "url"), ((string?)script["extensions"]!["code"], (string?)script["extensions"]!["field"]));
        Assert.Equal("NOT_FOUND", (string?)missing["extensions"]!["code"]);
        Assert.Equal(("https://example.org/fotos", "Fotos"), ((string?)added["url"], (string?)added["title"]));
    }

    [Fact]
    public async Task NewEvidenceIsSeenByPoaChangedSubscribers()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync(Department, 1);
        using var socket = await GraphQLWebSocketClient.ConnectAsync(server.Address);
        await socket.InitAsync(server.Token(PoaRoles.Planner, "", poa.Municipality));
        await socket.SendAsync(new { id = "s", type = "subscribe", payload = new { query = $$"""subscription { poaChanged(municipality: "{{poa.Municipality}}", year: 2021) { department } }""" } });
        await Task.Delay(300);

        using var upload = await poa.Client(PoaRoles.Editor, Department).Http.PostAsync(new Uri(Upload(poa), UriKind.Relative), Form(Pdf, "acta.pdf"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var next = await socket.ReceiveAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(("next", Department), (next["type"]!.GetValue<string>(), next["payload"]!["data"]!["poaChanged"]!["department"]!.GetValue<string>()));
    }

    private static async Task<long> AddLinkAsync(GraphQLClient client, TestPoa poa) =>
        long.Parse((string)(await client.DataAsync("mutation($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) { id } }",
            new { input = new { municipality = poa.Municipality, year = 2021, department = Department, number = 1, activityId = 1, month = 3, url = "https://example.org/acta", title = "Acta" } }))["addEvidenceLink"]!["id"]!,
            System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonArray> AuditAsync(TestPoa poa) => (await poa.Admin.DataAsync($$"""
        { poa(municipality: "{{poa.Municipality}}", year: 2021) { department(slug: "{{Department}}") { action(number: 1) { audit(first: 50) { command field kind month user oldValue newValue } } } } }
        """))["poa"]!["department"]!["action"]!["audit"]!.AsArray();

    /// <summary>A PDF header and then zeros, read once, whose length the client does not know in advance.</summary>
    private sealed class CountingZeros(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            if (_position == 0 && n >= 5)
                "%PDF-"u8.CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Evidence where reading needs a token (Auth:PublicRead=false).</summary>
public sealed class PrivateEvidenceTests(PrivateReadServerFactory server) : IClassFixture<PrivateReadServerFactory>
{
    [Fact]
    public async Task AnAnonymousDownloadIsRefusedWhenReadingIsNotPublicAndAUserOfTheMunicipalityGetsTheFile()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("obras-publicas", 1);
        using var upload = await poa.Client(PoaRoles.Editor, "obras-publicas").Http.PostAsync(
            new Uri($"/evidence/{poa.Municipality}/2021/obras-publicas/1/2/7", UriKind.Relative), EvidenceTests.Form(EvidenceTests.Pdf, "acta.pdf"));
        var url = (string)JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["downloadUrl"]!;

        using var anonymous = server.CreateClient();
        using var refused = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
        using var foreign = await server.Client(PoaRoles.Admin, "", "otro-municipio").Http.GetAsync(new Uri(url, UriKind.Relative));
        using var viewer = await poa.Client(PoaRoles.Viewer).Http.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(EvidenceTests.Pdf, await viewer.Content.ReadAsByteArrayAsync());
    }
}
