using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using PoaPlatform.Auth;
using PoaPlatform.Testing;

namespace PoaPlatform.Server.Tests;

/// <summary>Evidence kept in an S3-compatible object store (Evidence:Store=S3): a real S3 server on loopback (moto's
/// server mode, <c>python3 -m moto.server</c>), reached by the AWS SDK with a ServiceURL and path-style addresses, as a
/// MinIO or Ceph deployment is.</summary>
public sealed class S3EvidenceTests(S3EvidenceServerFactory server) : IClassFixture<S3EvidenceServerFactory>
{
    [Fact]
    public async Task AnUploadedFileIsAnObjectOfTheBucketDownloadsAsTheSameBytesAndIsRemovedWithItsEvidence()
    {
        var poa = await TestPoa.CreateAsync(server);
        await poa.CreateActionAsync("obras-publicas", 1);
        var editor = poa.Client(PoaRoles.Editor, "obras-publicas");
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.Concat(Enumerable.Range(0, 300_000).Select(i => (byte)i)).ToArray();

        using var upload = await editor.Http.PostAsync(new Uri($"/evidence/{poa.Municipality}/2021/obras-publicas/1/1/4", UriKind.Relative),
            EvidenceTests.Form(png, "foto.png", "image/png"));
        var created = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var objects = await server.ObjectKeysAsync();
        using var download = await editor.Http.GetAsync(new Uri((string)created["downloadUrl"]!, UriKind.Relative));
        var bytes = await download.Content.ReadAsByteArrayAsync();
        await editor.DataAsync("mutation($id: ID!) { deleteEvidence(id: $id) { id } }", new { id = (long)created["id"]! });
        var afterDelete = await server.ObjectKeysAsync();

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("image/png", (string?)created["contentType"]);
        var key = Assert.Single(objects);
        Assert.StartsWith("evidence/", key, StringComparison.Ordinal);
        Assert.Equal(png, bytes);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain(key, afterDelete);
        // Nothing of the file went to the database's content table.
        Assert.Equal(0L, await server.DatabaseContentRowsAsync());
    }
}

/// <summary>A host whose evidence goes to a bucket of an S3 server started for it (moto, on a free loopback port).</summary>
public sealed class S3EvidenceServerFactory : PoaServerFactory
{
    public const string Bucket = "poa-evidencia";
    private const string AccessKey = "poa-test";
    private const string SecretKey = "poa-test-secret";

    private readonly Process _s3;
    private readonly int _port = FreePort.Next();
    private int _stopped;

    public S3EvidenceServerFactory()
    {
        var start = new ProcessStartInfo("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _s3 = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start.");
        _s3.OutputDataReceived += (_, _) => { };
        _s3.ErrorDataReceived += (_, _) => { };
        _s3.BeginOutputReadLine();
        _s3.BeginErrorReadLine();
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
                break;
            }
            catch (Exception e) when (e is HttpRequestException or AmazonServiceException or IOException && DateTime.UtcNow < deadline && !_s3.HasExited)
            {
                Thread.Sleep(200);
            }
            catch (Exception e) when (_s3.HasExited)
            {
                throw new InvalidOperationException("The S3 server for the tests (python3 -m moto.server, the moto package) did not start; install moto for python3.", e);
            }
        }
    }

    public Uri S3Address => new($"http://127.0.0.1:{_port}");

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Evidence:Store"] = "S3";
        settings["Evidence:S3:ServiceUrl"] = S3Address.ToString();
        settings["Evidence:S3:Bucket"] = Bucket;
        settings["Evidence:S3:AccessKey"] = AccessKey;
        settings["Evidence:S3:SecretKey"] = SecretKey;
        return settings;
    }

    public async Task<IReadOnlyList<string>> ObjectKeysAsync()
    {
        using var client = Client();
        var listed = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task<long> DatabaseContentRowsAsync()
    {
        var target = Services.GetRequiredService<Persistence.StorageTarget>();
        await using var connection = await target.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM poa_evidence_content";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = S3Address.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    // WebApplicationFactory may be disposed twice (DisposeAsync, then Dispose): the S3 server is stopped once.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        if (!_s3.HasExited)
        {
            _s3.Kill(entireProcessTree: true);
            _s3.WaitForExit(5000);
        }
        _s3.Dispose();
    }
}
