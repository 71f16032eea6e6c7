namespace GridDispatch.Gateway.Http;

/// <summary>A photo as the phone page sends it: <c>data:image/jpeg;base64,…</c>, at most 1 MB decoded.</summary>
public static class PhotoDataUrl
{
    public const int MaxBytes = 1_048_576;
    private static readonly string[] Types = ["image/jpeg", "image/png", "image/webp"];

    public static (string ContentType, byte[] Bytes)? Parse(string dataUrl, out string? problem)
    {
        problem = null;
        var comma = dataUrl.IndexOf(',');
        var header = comma > 5 ? dataUrl[5..comma] : "";
        var contentType = header.Split(';')[0];
        if (!dataUrl.StartsWith("data:", StringComparison.Ordinal) || !header.EndsWith(";base64", StringComparison.Ordinal) || !Types.Contains(contentType))
        {
            problem = "photo must be a data URL of a JPEG, PNG or WebP image (data:image/jpeg;base64,…)";
            return null;
        }

        if ((dataUrl.Length - comma - 1) / 4 * 3 > MaxBytes + 3)
        {
            problem = "photo must be at most 1 MB";
            return null;
        }

        var bytes = new byte[(dataUrl.Length - comma - 1) / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(dataUrl[(comma + 1)..], bytes, out var written) || written is 0 or > MaxBytes)
        {
            problem = "photo is not valid base64 or is over 1 MB";
            return null;
        }

        return (contentType, bytes[..written]);
    }
}
