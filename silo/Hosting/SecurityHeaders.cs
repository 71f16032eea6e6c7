namespace GridDispatch.Silo.Hosting;

/// <summary>
/// Headers that keep the command centre's pages to themselves: scripts only from this origin, no framing
/// (clickjacking), no MIME sniffing, no referrer to anyone. Styles only from files too (scripts set element styles
/// through the DOM, which CSP allows); images may be data: and blob: URLs (incident photos, the empty favicon).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>On every answer of the public listener (the pages, the API, the hub); the Orleans Dashboard has its own inline scripts.</summary>
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }
}
