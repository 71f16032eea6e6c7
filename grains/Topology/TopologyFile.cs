using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridDispatch.Grains.Topology;

/// <summary>
/// Reads and writes township topology files (JSON, described in docs/TOPOLOGY.md). Reading only
/// checks the file's shape and types; run <see cref="TopologyValidator.Validate"/> on the result
/// before trusting it.
/// </summary>
public static class TopologyFile
{
    /// <summary>Largest file accepted: 64 MiB, far above any real township, small enough to hold in memory.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Reads a topology from JSON text.</summary>
    public static TopologyParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (IsTooLarge(json)) return TooLarge();
        // A BOM survives when text was decoded without stripping it (e.g. from an HTTP body).
        return Deserialize(() => JsonSerializer.Deserialize<TownshipTopology>(json.AsSpan().TrimStart('\uFEFF'), Options));
    }

    /// <summary>Reads a topology from a UTF-8 stream (a BOM is allowed). The stream is read to its end, not closed.</summary>
    public static async Task<TopologyParseResult> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        if (utf8Json.CanSeek && utf8Json.Length - utf8Json.Position > MaxBytes) return TooLarge();
        var buffer = await ReadBoundedAsync(utf8Json, cancellationToken);
        if (buffer is null) return TooLarge();
        return Deserialize(() => JsonSerializer.Deserialize<TownshipTopology>(WithoutBom(buffer), Options));
    }

    /// <summary>Writes a topology as indented JSON with camelCase members and unescaped Chinese text.</summary>
    public static string Write(TownshipTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return JsonSerializer.Serialize(topology, Options);
    }

    private static TopologyParseResult Deserialize(Func<TownshipTopology?> read)
    {
        try
        {
            return read() is { } topology
                ? TopologyParseResult.Success(topology)
                : TopologyParseResult.Failure(new TopologyError("$", "the file holds null; expected a township object"));
        }
        catch (JsonException ex)
        {
            return TopologyParseResult.Failure(JsonErrorText.ToError(ex));
        }
    }

    private static bool IsTooLarge(string json) =>
        // Every char is at least one UTF-8 byte and at most three; only count when it matters.
        json.Length > MaxBytes || (json.Length * 3L > MaxBytes && Encoding.UTF8.GetByteCount(json) > MaxBytes);

    private static TopologyParseResult TooLarge() =>
        TopologyParseResult.Failure(new TopologyError("$", $"the file is larger than {MaxBytes / (1024 * 1024)} MiB"));

    /// <summary>The whole stream, or null as soon as it passes <see cref="MaxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream stream, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (copy.Length + read > MaxBytes) return null;
            copy.Write(chunk, 0, read);
        }
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlyMemory<byte>? buffer)
    {
        var span = buffer.GetValueOrDefault().Span;
        return span.StartsWith("\uFEFF"u8) ? span[3..] : span;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // A typo ("househols") or a repeated member is a mistake in a hand-written file: say so.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            // "name": null and a GeoPoint without "lon" are errors, not silent nulls and zeros.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // Options' converters win over the enums' own [JsonConverter]: read any case, write camelCase, no numbers.
        options.Converters.Add(new JsonStringEnumConverter<LampKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<ResponderKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
