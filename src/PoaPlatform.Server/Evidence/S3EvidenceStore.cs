using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using PoaPlatform.Persistence;

namespace PoaPlatform.Server.Evidence;

/// <summary>Evidence bytes in an S3-compatible bucket, one object per file under <see cref="EvidenceS3Options.Prefix"/>.</summary>
public sealed class S3EvidenceStore(IAmazonS3 client, EvidenceS3Options options) : IEvidenceStore, IDisposable
{
    public static S3EvidenceStore Create(EvidenceS3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only where S3 requires them: not every S3-compatible store accepts the SDK's default trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        else
            config.ServiceURL = options.ServiceUrl;
        var client = string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        return new S3EvidenceStore(client, options);
    }

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = options.Prefix + key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
        };
        request.Headers.ContentLength = length;
        await client.PutObjectAsync(request, ct);
    }

    public async Task<bool> CopyToAsync(string key, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            using var response = await client.GetObjectAsync(options.Bucket, options.Prefix + key, ct);
            await response.ResponseStream.CopyToAsync(destination, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default) => client.DeleteObjectAsync(options.Bucket, options.Prefix + key, ct);

    public void Dispose() => client.Dispose();
}
