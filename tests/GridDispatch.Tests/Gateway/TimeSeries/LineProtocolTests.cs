using GridDispatch.Gateway.TimeSeries;

namespace GridDispatch.Tests.Gateway.TimeSeries;

public sealed class LineProtocolTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1732262400000);

    private static string One(string measurement, (string, string)[] tags, (string, object)[] fields) =>
        LineProtocol.Format([new TimeSeriesPoint(measurement, [.. tags.Select(t => KeyValuePair.Create(t.Item1, t.Item2))],
            [.. fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))], At)]);

    [Fact]
    public void Fields_are_typed_tags_sorted_and_the_time_is_in_milliseconds()
    {
        var line = One("lamp", [("township", "yimen"), ("lamp", "yimen-L0001")], [("power", 90.2), ("on", true), ("brightness", 80), ("note", "ok")]);

        Assert.Equal("lamp,lamp=yimen-L0001,township=yimen power=90.2,on=t,brightness=80i,note=\"ok\" 1732262400000\n", line);
    }

    [Fact]
    public void Commas_spaces_and_equals_are_escaped_where_the_protocol_needs_it()
    {
        var line = One("my lamp,x", [("vil lage", "王家村, 一组=A")], [("a b", 1.5), ("text", "say \"hi\" \\ bye")]);

        Assert.Equal("my\\ lamp\\,x,vil\\ lage=王家村\\,\\ 一组\\=A a\\ b=1.5,text=\"say \\\"hi\\\" \\\\ bye\" 1732262400000\n", line);
    }

    [Fact]
    public void Values_line_protocol_cannot_carry_are_left_out_and_a_point_needs_a_field()
    {
        Assert.Equal("lamp power=1 1732262400000\n", One("lamp", [("empty", "")], [("power", 1.0), ("nan", double.NaN), ("inf", double.PositiveInfinity)]));
        Assert.Throws<ArgumentException>(() => One("lamp", [], [("nan", double.NaN)]));
    }

    [Fact]
    public void Influxql_quotes_identifiers_and_literals_so_input_cannot_change_the_query()
    {
        var q = InfluxHistory.ToInfluxQl(new HistoryQuery("lamp", "power", new Dictionary<string, string> { ["lamp"] = "x' OR '1'='1" },
            At, At.AddHours(1), TimeSpan.FromMinutes(10)));

        Assert.Equal("SELECT mean(\"power\") FROM \"lamp\" WHERE \"lamp\" = 'x\\' OR \\'1\\'=\\'1' AND time >= 1732262400000ms AND time < 1732266000000ms GROUP BY time(600s) fill(none)", q);
    }
}
