using System.Text;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Topology;

public class TopologyFileTests
{
    private const string Minimal = """{ "id": "x", "name": "某镇" }""";

    private static TopologyError SingleError(string json)
    {
        var result = TopologyFile.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Null(result.Topology);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Write_then_parse_gives_the_same_topology()
    {
        var written = TopologyFile.Write(TopologySamples.Small());

        var parsed = TopologyFile.Parse(written);

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(written, TopologyFile.Write(parsed.Topology));
        Assert.Equal("qingshan-V01-G1", parsed.Topology.Lamps[2].Cell);
        Assert.Equal(LampKind.Solar, parsed.Topology.Lamps[2].Kind);
        Assert.Equal("刘桂兰", parsed.Topology.Villages[0].Groups[0].Neighbourhoods[0].Members[0].Name);
    }

    [Fact]
    public void Write_is_indented_camel_case_with_Chinese_unescaped_and_nulls_left_out()
    {
        var json = TopologyFile.Write(TopologySamples.Small() with { County = null, CountyName = null });

        Assert.Contains("\"name\": \"青山镇\"", json);
        Assert.Contains("\"kind\": \"solar\"", json);
        Assert.Contains("\"kind\": \"team\"", json);
        Assert.Contains("\"ratedWatts\": 90", json);
        Assert.Contains("\n  \"villages\": [", json);
        Assert.DoesNotContain("\\u", json);
        Assert.DoesNotContain("county", json);
        Assert.DoesNotContain("null", json);
    }

    [Fact]
    public void Comments_trailing_commas_and_defaults_are_accepted()
    {
        var result = TopologyFile.Parse("""
            // 某镇: hand-written
            {
              "id": "x", /* MQTT segment */
              "name": "某镇",
              "villages": [ { "id": "x-V1", "name": "甲村", }, ],
              "lamps": [ { "id": "x-L1", "cell": "x-V1", "position": { "lat": 26.1, "lon": 102.1, }, }, ],
            }
            """);

        Assert.True(result.Succeeded, result.ToString());
        var lamp = Assert.Single(result.Topology.Lamps);
        Assert.Equal(LampKind.Mains, lamp.Kind);
        Assert.Equal(100, lamp.RatedWatts);
        Assert.Empty(result.Topology.Villages[0].Groups);
        Assert.Empty(TopologyValidator.Validate(result.Topology));
    }

    [Theory]
    [InlineData("SOLAR", "Team", LampKind.Solar, ResponderKind.Team)]
    [InlineData("Mains", "PERSON", LampKind.Mains, ResponderKind.Person)]
    [InlineData("solar", "team", LampKind.Solar, ResponderKind.Team)]
    public void Enum_names_are_read_in_any_case(string lampKind, string responderKind, LampKind lamp, ResponderKind responder)
    {
        var result = TopologyFile.Parse($$"""
            { "id": "x", "name": "某镇",
              "lamps": [ { "id": "x-L1", "cell": "c", "position": { "lat": 1, "lon": 2 }, "kind": "{{lampKind}}" } ],
              "responders": [ { "id": "x-R1", "name": "甲", "kind": "{{responderKind}}" } ] }
            """);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(lamp, result.Topology.Lamps[0].Kind);
        Assert.Equal(responder, result.Topology.Responders[0].Kind);
    }

    [Theory]
    [InlineData("\"wind\"")]
    [InlineData("1")]
    [InlineData("\"\"")]
    public void An_unknown_lamp_kind_is_an_error_naming_the_choices(string kind)
    {
        var error = SingleError($$"""{ "id": "x", "name": "某镇", "lamps": [ { "id": "x-L1", "cell": "c", "position": { "lat": 1, "lon": 2 }, "kind": {{kind}} } ] }""");

        Assert.Equal("$.lamps[0].kind", error.Path);
        Assert.Contains("\"mains\"", error.Message);
        Assert.Contains("\"solar\"", error.Message);
    }

    [Fact]
    public void A_syntax_error_reports_its_line_and_path()
    {
        var error = SingleError("""
            {
              "id": "x",
              "name": "某镇",
              "villages": [ { "id": "x-V1" "name": "甲村" } ]
            }
            """);

        Assert.Equal("$.villages[0]", error.Path);
        Assert.Contains("line 4,", error.Message);
    }

    [Fact]
    public void A_type_error_reports_its_path_and_line_in_plain_words()
    {
        var json = JsonEdit.Set(TopologyFile.Write(TopologySamples.Small()), "$.villages[0].groups[0].neighbourhoods[1].households", "\"ten\"");
        var indented = TopologyFile.Write(TopologySamples.Small()).Replace("\"households\": 9", "\"households\": \"ten\"");
        var expectedLine = indented[..indented.IndexOf("\"ten\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        Assert.Equal("$.villages[0].groups[0].neighbourhoods[1].households", SingleError(json).Path);
        var error = SingleError(indented);
        Assert.Equal("$.villages[0].groups[0].neighbourhoods[1].households", error.Path);
        Assert.Contains($"line {expectedLine},", error.Message);
        Assert.Contains("whole number", error.Message);
        Assert.DoesNotContain("System.", error.Message);
    }

    [Theory]
    [InlineData("""{ "name": "某镇" }""", "$", "'id'")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": [ { "id": "x-V1", "groups": [] } ] }""", "$.villages[0]", "'name'")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": [ { "id": "x-V1", "name": "甲", "groups": [ { "id": "x-G1" } ] } ] }""", "$.villages[0].groups[0]", "'name'")]
    [InlineData("""{ "id": "x", "name": "某镇", "lamps": [ { "id": "x-L1", "cell": "c" } ] }""", "$.lamps[0]", "'position'")]
    [InlineData("""{ "id": "x", "name": "某镇", "lamps": [ { "id": "x-L1", "cell": "c", "position": { "lat": 1 } } ] }""", "$.lamps[0].position", "'lon'")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": [ { "id": "x-V1", "name": "甲", "leader": { "name": "王五" } } ] }""", "$.villages[0].leader", "'id'")]
    public void A_missing_required_member_is_an_error_at_its_object(string json, string path, string member)
    {
        var error = SingleError(json);

        Assert.Equal(path, error.Path);
        Assert.Contains("missing required", error.Message);
        Assert.Contains(member, error.Message);
    }

    [Theory]
    [InlineData("""{ "id": "x", "name": null }""", "$.name", "must not be null")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": null }""", "$.villages", "must not be null")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": [ { "id": "x-V1", "name": "甲", "househols": 3 } ] }""", "$.villages[0].househols", "unknown member 'househols'")]
    [InlineData("""{ "id": "x", "name": "某镇", "id": "y" }""", "$.id", "more than once")]
    [InlineData("""{ "id": "x", "name": "某镇", "villages": {} }""", "$.villages", "an array")]
    [InlineData("""{ "id": "x", "name": "某镇", "centre": [26, 102] }""", "$.centre", "an object")]
    [InlineData("""{ "id": 7, "name": "某镇" }""", "$.id", "a string")]
    [InlineData("null", "$", "null")]
    [InlineData("", "$", "")]
    [InlineData("[]", "$", "")]
    public void Shape_errors_are_errors_not_exceptions(string json, string path, string messagePart)
    {
        var error = SingleError(json);

        Assert.Equal(path, error.Path);
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public async Task A_stream_with_a_byte_order_mark_parses_like_the_text()
    {
        var text = TopologyFile.Write(TopologySamples.Small());
        using var stream = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var result = await TopologyFile.ParseAsync(stream);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(text, TopologyFile.Write(result.Topology));
        Assert.True(TopologyFile.Parse("\uFEFF" + text).Succeeded);
    }

    [Fact]
    public async Task A_stream_error_reports_path_and_line_too()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\n\"id\": \"x\",\n\"name\": \"某镇\",\n\"lamps\": [ { \"id\": \"x-L1\", \"cell\": \"c\", \"position\": { \"lat\": 1, \"lon\": 2 }, \"kind\": \"wind\" } ] }"));

        var error = Assert.Single((await TopologyFile.ParseAsync(stream)).Errors);

        Assert.Equal("$.lamps[0].kind", error.Path);
        Assert.Contains("line 4,", error.Message);
    }

    [Fact]
    public async Task A_seekable_stream_over_64_MiB_is_refused_without_reading_it()
    {
        var result = await TopologyFile.ParseAsync(new UnreadableStream(TopologyFile.MaxBytes + 1));

        Assert.Contains("64 MiB", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task A_stream_of_unknown_length_is_cut_off_past_64_MiB()
    {
        var stream = new EndlessSpaces();

        var result = await TopologyFile.ParseAsync(stream);

        Assert.Contains("64 MiB", Assert.Single(result.Errors).Message);
        Assert.InRange(stream.Served, TopologyFile.MaxBytes, TopologyFile.MaxBytes + 200_000);
    }

    [Fact]
    public void Text_over_64_MiB_is_refused()
    {
        // Three-byte characters: under the limit in chars, over it in UTF-8.
        var text = new string('镇', (int)(TopologyFile.MaxBytes / 3) + 1);

        Assert.Contains("64 MiB", SingleError(text).Message);
    }

    /// <summary>Claims a length; any read is a test failure.</summary>
    private sealed class UnreadableStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Whitespace forever, as a network stream might send.</summary>
    private sealed class EndlessSpaces : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Served += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
