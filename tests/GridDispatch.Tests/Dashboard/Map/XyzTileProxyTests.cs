using System.Net;
using GridDispatch.Dashboard.Map;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridDispatch.Tests.Dashboard.Map;

/// <summary>The XYZ basemap fetched for the page: the template filled, the server's answer passed on, its failures not.</summary>
public sealed class XyzTileProxyTests
{
    private const string Template = "https://tiles.example.cn/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=SECRET-KEY";

    [Fact]
    public async Task A_tile_is_asked_for_at_the_filled_template_and_passed_on_with_its_type()
    {
        var server = new Upstream(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = Png() });
        var tile = await Proxy(server, Template).FetchAsync(new TileAddress(5, 26, 13), CancellationToken.None);

        Assert.Equal("https://tiles.example.cn/wmts?TILEMATRIX=5&TILEROW=13&TILECOL=26&tk=SECRET-KEY", server.Asked.Single());
        Assert.Equal(BasemapSilos.Red, tile!.Data);
        Assert.Equal("image/png", tile.ContentType);
    }

    [Fact]
    public async Task A_TMS_server_gets_its_rows_from_the_bottom()
    {
        var server = new Upstream(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = Png() });
        await Proxy(server, "http://10.0.0.9/tms/{z}/{x}/{-y}.png").FetchAsync(new TileAddress(3, 2, 1), CancellationToken.None);
        Assert.Equal("http://10.0.0.9/tms/3/2/6.png", server.Asked.Single());
    }

    [Fact]
    public async Task A_tile_the_server_lacks_is_missing_and_a_failing_server_is_no_tile()
    {
        var lacking = await Proxy(new Upstream(_ => new HttpResponseMessage(HttpStatusCode.NotFound)), Template)
            .FetchAsync(new TileAddress(1, 0, 0), CancellationToken.None);
        var failing = await Proxy(new Upstream(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError)), Template)
            .FetchAsync(new TileAddress(1, 0, 0), CancellationToken.None);
        var down = await Proxy(new Upstream(_ => throw new HttpRequestException("connection refused")), Template)
            .FetchAsync(new TileAddress(1, 0, 0), CancellationToken.None);

        Assert.Null(lacking!.Data);
        Assert.Null(failing);
        Assert.Null(down);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://tiles.example.cn/{z}/{x}.png")]
    [InlineData("ftp://tiles.example.cn/{z}/{x}/{y}.png")]
    [InlineData("tiles/{z}/{x}/{y}.png")]
    public void A_template_without_the_three_numbers_or_not_http_is_refused_at_start_without_its_key(string? url)
    {
        var problem = XyzTemplate.Problem(url is null ? null : url + "?tk=SECRET-KEY");
        Assert.NotNull(problem);
        Assert.DoesNotContain("SECRET-KEY", problem);
    }

    private static ByteArrayContent Png()
    {
        var content = new ByteArrayContent(BasemapSilos.Red);
        content.Headers.ContentType = new("image/png");
        return content;
    }

    private static XyzTileProxy Proxy(Upstream server, string template) =>
        new(server, Options.Create(new BasemapOptions { Kind = BasemapKind.Xyz, Url = template }), TimeProvider.System,
            NullLogger<XyzTileProxy>.Instance);

    /// <summary>The tile server, in process: records what it was asked and answers as told.</summary>
    private sealed class Upstream(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler, IHttpClientFactory
    {
        public List<string> Asked { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked.Add(request.RequestUri!.ToString());
            return Task.FromResult(answer(request));
        }
    }
}
