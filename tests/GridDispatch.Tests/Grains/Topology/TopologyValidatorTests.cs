using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Topology;

public class TopologyValidatorTests
{
    private static readonly string SampleJson = TopologyFile.Write(TopologySamples.Small());

    /// <summary>Parses the sample with one value replaced, and validates it.</summary>
    private static IReadOnlyList<TopologyError> ValidateWith(params (string Path, string Value)[] edits)
    {
        var json = edits.Aggregate(SampleJson, (j, e) => JsonEdit.Set(j, e.Path, e.Value));
        var parsed = TopologyFile.Parse(json);
        Assert.True(parsed.Succeeded, parsed.ToString());
        return TopologyValidator.Validate(parsed.Topology);
    }

    [Fact]
    public void The_sample_is_clean() => Assert.Empty(TopologyValidator.Validate(TopologySamples.Small()));

    [Theory]
    // Township
    [InlineData("$.id", "\"QingShan\"", "$.id")]
    [InlineData("$.id", "\"qing/shan\"", "$.id")]
    [InlineData("$.id", "\"-qingshan\"", "$.id")]
    [InlineData("$.id", "\"qing_shan\"", "$.id")]
    [InlineData("$.id", "\"\"", "$.id")]
    [InlineData("$.id", "\"123-abc-def-ghi-jkl-mno-pqr-stu-vwx-yz0-123-456-789-abc-def-ghij\"", "$.id")] // 64 chars
    [InlineData("$.name", "\"  \"", "$.name")]
    [InlineData("$.county", "\"\"", "$.county")]
    [InlineData("$.county", "\"会理/市\"", "$.county")]
    [InlineData("$.county", "\"会理市\"", "$.county")]
    [InlineData("$.centre.lat", "90.5", "$.centre.lat")]
    [InlineData("$.centre.lon", "-180.5", "$.centre.lon")]
    // Cells: a broken cell id also leaves whatever pointed at it dangling
    [InlineData("$.villages[0].id", "\"石门\"", "$.villages[0].id|$.responders[0].homeAreas[0]")]
    [InlineData("$.villages[0].id", "\"qingshan/V01\"", "$.villages[0].id|$.responders[0].homeAreas[0]")]
    [InlineData("$.villages[0].name", "\"\"", "$.villages[0].name")]
    [InlineData("$.villages[0].position.lat", "-91", "$.villages[0].position.lat")]
    [InlineData("$.villages[0].leader.id", "\"wang jianguo\"", "$.villages[0].leader.id")]
    [InlineData("$.villages[0].groups[0].id", "\"G+1\"", "$.villages[0].groups[0].id|$.lamps[2].cell")]
    [InlineData("$.villages[0].groups[0].id", "\"qingshan\"", "$.villages[0].groups[0].id|$.lamps[2].cell")]
    [InlineData("$.villages[0].groups[0].name", "\"\"", "$.villages[0].groups[0].name")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[0].id", "\"N#1\"", "$.villages[0].groups[0].neighbourhoods[0].id|$.lamps[0].cell")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[0].id", "\"qingshan-V01-G1-N1-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm\"", "$.villages[0].groups[0].neighbourhoods[0].id|$.lamps[0].cell")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].id", "\"qingshan-V01-G1-N1\"", "$.villages[0].groups[0].neighbourhoods[1].id|$.lamps[1].cell")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].id", "\"qingshan-V01\"", "$.villages[0].groups[0].neighbourhoods[1].id|$.lamps[1].cell")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].name", "\" \"", "$.villages[0].groups[0].neighbourhoods[1].name")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[0].households", "-1", "$.villages[0].groups[0].neighbourhoods[0].households")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1]", "null", "$.villages[0].groups[0].neighbourhoods[1]|$.lamps[1].cell")]
    // People: any id pattern, one name per id
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].leader.id", "\"bad/id\"", "$.villages[0].groups[0].neighbourhoods[1].leader.id")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].leader.name", "\"\"", "$.villages[0].groups[0].neighbourhoods[1].leader.name")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].leader.phone", "\"call me\"", "$.villages[0].groups[0].neighbourhoods[1].leader.phone")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[1].leader.id", "\"qingshan-P001\"", "$.villages[0].groups[0].neighbourhoods[1].leader.name")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[0].members[0].id", "\"liu guilan\"", "$.villages[0].groups[0].neighbourhoods[0].members[0].id")]
    // Lamps
    [InlineData("$.lamps[0].id", "\"L 1\"", "$.lamps[0].id")]
    [InlineData("$.lamps[0].id", "\"qingshan-L0001/cmd\"", "$.lamps[0].id")]
    [InlineData("$.lamps[2].id", "\"qingshan-L0001\"", "$.lamps[2].id")]
    [InlineData("$.lamps[1].cell", "\"qingshan-V02\"", "$.lamps[1].cell")]
    [InlineData("$.lamps[1].cell", "\"qingshan\"", "$.lamps[1].cell")]
    [InlineData("$.lamps[0].position.lat", "90.01", "$.lamps[0].position.lat")]
    [InlineData("$.lamps[0].position.lon", "180.01", "$.lamps[0].position.lon")]
    [InlineData("$.lamps[0].ratedWatts", "0", "$.lamps[0].ratedWatts")]
    [InlineData("$.lamps[0].ratedWatts", "-60", "$.lamps[0].ratedWatts")]
    [InlineData("$.lamps[0].ratedWatts", "2000.5", "$.lamps[0].ratedWatts")]
    [InlineData("$.lamps[0].feeder", "\"\"", "$.lamps[0].feeder")]
    [InlineData("$.lamps[0].street", "\" \"", "$.lamps[0].street")]
    // Responders
    [InlineData("$.responders[0].id", "\"T/1\"", "$.responders[0].id")]
    [InlineData("$.responders[1]", "{\"id\":\"qingshan-T01\",\"name\":\"二队\"}", "$.responders[1].id")]
    [InlineData("$.responders[0].name", "\"\"", "$.responders[0].name")]
    [InlineData("$.responders[0].capacity", "0", "$.responders[0].capacity")]
    [InlineData("$.responders[0].capacity", "101", "$.responders[0].capacity")]
    [InlineData("$.responders[0].skills[1]", "\"plumbing\"", "$.responders[0].skills[1]")]
    [InlineData("$.responders[0].skills[0]", "\"Lighting\"", "$.responders[0].skills[0]")]
    [InlineData("$.responders[0].homeAreas[0]", "\"qingshan-V09\"", "$.responders[0].homeAreas[0]")]
    [InlineData("$.responders[0].homeAreas[1]", "\"qingshan-L0001\"", "$.responders[0].homeAreas[1]")]
    [InlineData("$.responders[0].department", "\"qingshan-water\"", "$.responders[0].department")]
    [InlineData("$.responders[0].phone", "\"138-0000-000x\"", "$.responders[0].phone")]
    [InlineData("$.responders[0].base.lon", "200", "$.responders[0].base.lon")]
    // Departments
    [InlineData("$.departments[0].id", "\"供电所\"", "$.departments[0].id")]
    [InlineData("$.departments[1]", "{\"id\":\"qingshan-power\",\"name\":\"又一个供电所\"}", "$.departments[1].id")]
    [InlineData("$.departments[0].name", "\"\"", "$.departments[0].name")]
    [InlineData("$.departments[0].skills[0]", "\"electricity\"", "$.departments[0].skills[0]")]
    public void One_defect_is_reported_at_its_path(string path, string value, string expectedPaths)
    {
        var errors = ValidateWith((path, value));

        Assert.Equal(expectedPaths.Split('|'), errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("$.id", "\"a\"")]
    [InlineData("$.id", "\"123-abc-def-ghi-jkl-mno-pqr-stu-vwx-yz0-123-456-789-abc-def-ghi\"")] // 63 chars
    [InlineData("$.centre.lat", "90")]
    [InlineData("$.centre.lat", "-90")]
    [InlineData("$.centre.lon", "180")]
    [InlineData("$.centre.lon", "-180")]
    [InlineData("$.lamps[0].ratedWatts", "2000")]
    [InlineData("$.lamps[0].ratedWatts", "0.5")]
    [InlineData("$.lamps[0].cell", "\"qingshan-V01\"")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[0].households", "0")]
    [InlineData("$.villages[0].groups[0].neighbourhoods[2]", "{\"id\":\"qingshan-V01-G1-N3_a.b\",\"name\":\"一组三邻\"}")]
    [InlineData("$.responders[0].capacity", "1")]
    [InlineData("$.responders[0].capacity", "100")]
    [InlineData("$.responders[0].homeAreas[1]", "\"qingshan-V01-G1-N2\"")]
    [InlineData("$.responders[0].department", "\"qingshan-power\"")]
    [InlineData("$.responders[0].phone", "\"+86 138-0000-0010\"")]
    [InlineData("$.responders[0].skills", "[\"lighting\",\"electrical\",\"road\",\"water\",\"dispute\",\"safety\",\"environment\",\"flood\",\"fire\",\"rescue\",\"other\"]")]
    // One person may lead two cells.
    [InlineData("$.villages[0].groups[0].leader", "{\"id\":\"qingshan-P001\",\"name\":\"王建国\"}")]
    public void Values_inside_the_rules_pass(string path, string value) => Assert.Empty(ValidateWith((path, value)));

    [Fact]
    public void Several_defects_are_all_reported_in_file_order()
    {
        var errors = ValidateWith(
            ("$.departments[0].skills[1]", "\"magic\""),
            ("$.id", "\"Qingshan\""),
            ("$.lamps[1].ratedWatts", "5000"),
            ("$.villages[0].groups[0].neighbourhoods[1].households", "-3"),
            ("$.responders[0].capacity", "0"),
            ("$.lamps[0].cell", "\"nowhere\""));

        Assert.Equal(
        [
            "$.id",
            "$.villages[0].groups[0].neighbourhoods[1].households",
            "$.lamps[0].cell",
            "$.lamps[1].ratedWatts",
            "$.departments[0].skills[1]",
            "$.responders[0].capacity",
        ], errors.Select(e => e.Path));
    }

    [Fact]
    public void Messages_name_the_offending_value_and_the_first_declaration_of_a_duplicate()
    {
        var errors = ValidateWith(("$.lamps[2].id", "\"qingshan-L0001\""), ("$.lamps[1].cell", "\"qingshan-V07\""));

        Assert.Contains("qingshan-V07", errors.Single(e => e.Path == "$.lamps[1].cell").Message);
        var duplicate = errors.Single(e => e.Path == "$.lamps[2].id").Message;
        Assert.Contains("qingshan-L0001", duplicate);
        Assert.Contains("$.lamps[0].id", duplicate);
    }

    [Fact]
    public void Nulls_built_in_code_are_errors_not_exceptions()
    {
        var topology = new TownshipTopology
        {
            Id = null!,
            Name = "某镇",
            Villages = null!,
            Lamps = [new Lamp { Id = "x-L1", Cell = null!, Position = null! }],
            Responders = [new Responder { Id = "x-R1", Name = "甲", Skills = null!, HomeAreas = [null!], Kind = (ResponderKind)7 }],
        };

        var errors = TopologyValidator.Validate(topology);

        Assert.Equal(
            ["$.id", "$.villages", "$.lamps[0].cell", "$.lamps[0].position", "$.responders[0].kind", "$.responders[0].skills", "$.responders[0].homeAreas[0]"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Skills_are_one_known_set()
    {
        Assert.Equal(11, Skills.All.Count);
        Assert.All(Skills.All, s => Assert.True(Skills.IsKnown(s)));
        Assert.False(Skills.IsKnown("Lighting"));
        Assert.False(Skills.IsKnown(null));
    }

    [Theory]
    [InlineData("yimen-L0001", true)]
    [InlineData("A", true)]
    [InlineData("a_b.c-d", true)]
    [InlineData("_a", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("a+", false)]
    [InlineData("#", false)]
    [InlineData("路灯1", false)]
    [InlineData("abc\n", false)]
    [InlineData("", false)]
    public void Id_pattern(string id, bool valid) => Assert.Equal(valid, TopologyIds.IsValidId(id));
}
