using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Grpc;

/// <summary>The gRPC port with a configured certificate: TLS with HTTP/2 by ALPN, and no cleartext any more.</summary>
public sealed class GrpcTlsTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("grpc-tls");
    private X509Certificate2 _certificate = null!;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(_folder, "grpc.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pfx, "secret"));
        _silo = await SiloProcess.StartAsync(_folder, "--db", Path.Combine(_folder, "tls.db"), "--Grpc:CertificatePath=" + pfx, "--Grpc:CertificatePassword=secret");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An empty gRPC call (5-byte frame, empty message) to Incidents.Get with no token: the server must answer UNAUTHENTICATED (16).</summary>
    private static HttpRequestMessage Call(string scheme, int port) => new(HttpMethod.Post, $"{scheme}://127.0.0.1:{port}/griddispatch.v1.Incidents/Get")
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = new ByteArrayContent(new byte[5]) { Headers = { { "Content-Type", "application/grpc" } } },
    };

    [Fact]
    public async Task With_a_certificate_the_grpc_port_answers_over_tls_with_the_servers_certificate_and_refuses_cleartext()
    {
        X509Certificate2? presented = null;
        using var tls = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => { presented = cert is null ? null : new X509Certificate2(cert); return true; } },
        });
        using var response = await tls.SendAsync(Call("https", _silo.GrpcPort), HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.Single()
            : response.Headers.GetValues("grpc-status").Single();
        Assert.Equal("16", status);
        Assert.Equal(_certificate.Thumbprint, presented?.Thumbprint);

        using var cleartext = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cleartext.SendAsync(Call("http", _silo.GrpcPort)));
    }
}
