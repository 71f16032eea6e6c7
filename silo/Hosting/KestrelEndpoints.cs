using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GridDispatch.Silo.Hosting;

/// <summary>The gRPC listener for handhelds. Section <c>Grpc</c>.</summary>
public sealed class GrpcEndpointOptions
{
    public const string Section = "Grpc";

    [Required] public string BindAddress { get; set; } = "127.0.0.1";

    [Range(1, 65535)] public int Port { get; set; } = 5081;

    /// <summary>
    /// A PKCS#12 (.pfx) certificate: with it the gRPC port speaks TLS (HTTP/2 negotiated by ALPN);
    /// without it, HTTP/2 cleartext (the loopback default).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx password; set it in the environment (<c>Grpc__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>
/// Kestrel's listeners: <c>Urls</c> (HTTP/1.1 and HTTP/2) for the API, health and dashboard, an
/// HTTP/2-only port for gRPC (cleartext with prior knowledge by default, TLS with a configured certificate),
/// and <c>Management:Urls</c> for the operator surfaces (<see cref="ListenerSeparation"/> keeps each to its own).
/// </summary>
public static class KestrelEndpoints
{
    public static WebApplicationBuilder UseGridDispatchEndpoints(this WebApplicationBuilder builder, bool grpc = true)
    {
        var urls = Parse(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");
        var grpcOptions = builder.Configuration.GetSection(GrpcEndpointOptions.Section).Get<GrpcEndpointOptions>() ?? new GrpcEndpointOptions();
        var management = Parse((builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions()).Urls);
        if (management.Select(m => m.Port).Intersect(urls.Select(u => u.Port).Append(grpc ? grpcOptions.Port : -1)).FirstOrDefault() is var shared and > 0)
            throw new InvalidOperationException($"port {shared} is both a management port (Management:Urls) and a public one; give management its own");
        builder.Services.AddSingleton(new Listeners { Management = management.Select(m => m.Port).ToHashSet(), Grpc = grpc ? grpcOptions.Port : null });
        builder.WebHost.UseSetting("urls", ""); // every listener is declared below
        // Kestrel's limits from configuration (Kestrel:Limits:RequestHeadersTimeout, MaxConcurrentConnections, …).
        builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var uri in urls.Concat(management)) kestrel.Listen(Address(uri.Host), uri.Port);

            if (!grpc) return; // a dashboard on its own serves no handhelds
            kestrel.Listen(Address(grpcOptions.BindAddress), grpcOptions.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => Http2PrefaceTimeout.Within(next, kestrel.Limits.RequestHeadersTimeout));
                if (grpcOptions.CertificatePath is { } pfx)
                    listen.UseHttps(X509CertificateLoader.LoadPkcs12FromFile(pfx, grpcOptions.CertificatePassword));
            });
        });
        return builder;
    }

    private static List<Uri> Parse(string urls) =>
    [
        .. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
        {
            var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
            return uri.Scheme == Uri.UriSchemeHttp ? uri : throw new InvalidOperationException($"only http:// URLs are supported here, not {url}; put TLS in front");
        }),
    ];

    private static IPAddress Address(string host) => host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
