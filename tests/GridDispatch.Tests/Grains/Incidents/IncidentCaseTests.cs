using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Tests.Grains.Incidents;

public sealed class IncidentCaseTests
{
    private static readonly IncidentPolicy Policy = new();
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));

    private static IncidentCase Opened(IncidentSeverity severity = IncidentSeverity.Minor, CellLevel reportedAt = CellLevel.Neighbourhood)
    {
        var incident = new IncidentCase();
        incident.Open(new IncidentReport
        {
            Township = "yimen", Source = IncidentSource.Whistle, SourceId = "w1", Category = "road", Severity = severity,
            Cell = "v1-g1-n1", Text = "路面塌陷", ReportedBy = "leader-1", ReportedAt = T0,
        }, reportedAt, ["yimen/v1-g1-n1", "yimen/v1-g1", "yimen/v1", "yimen/yimen", "county/cc"], Policy, T0);
        return incident;
    }

    [Fact]
    public void The_whole_loop_from_whistle_to_closing_is_recorded_step_by_step()
    {
        var incident = Opened();
        Assert.Null(incident.Dispatch("team-1", T0.AddMinutes(1)));
        Assert.Null(incident.Acknowledge("team-1", T0.AddMinutes(5)));
        Assert.Null(incident.Arrive("team-1", T0.AddMinutes(30)));
        Assert.Null(incident.Resolve("team-1", onBehalf: false, "已修复", T0.AddHours(2)));
        Assert.Null(incident.Close("leader-1", 5, T0.AddHours(3)));

        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal(
            [TimelineKind.Reported, TimelineKind.Triaged, TimelineKind.Dispatched, TimelineKind.Acknowledged, TimelineKind.Arrived, TimelineKind.Resolved, TimelineKind.Closed],
            incident.Timeline.Select(e => e.Kind));
        Assert.Equal(5, incident.Satisfaction);
        Assert.True(incident.Timeline.Zip(incident.Timeline.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Theory]
    [InlineData(IncidentSeverity.Micro, CellLevel.Neighbourhood, CellLevel.Neighbourhood)] // 微事不出格
    [InlineData(IncidentSeverity.Minor, CellLevel.Neighbourhood, CellLevel.Village)]       // 小事不出村
    [InlineData(IncidentSeverity.Major, CellLevel.Group, CellLevel.Township)]              // 大事不出乡
    [InlineData(IncidentSeverity.Emergency, CellLevel.Neighbourhood, CellLevel.Township)]
    public void Severity_decides_the_level_that_first_owns_an_incident(IncidentSeverity severity, CellLevel reportedAt, CellLevel expected)
    {
        Assert.Equal(expected, Opened(severity, reportedAt).Level);
    }

    [Fact]
    public void Each_missed_deadline_climbs_one_rung_up_to_the_county_and_no_further()
    {
        var incident = Opened(IncidentSeverity.Micro);
        var respond = Policy.Micro.Respond;
        var levels = new List<CellLevel?>();
        var now = T0;
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(incident.ReviewDeadlines(Policy, now + respond - TimeSpan.FromSeconds(1))); // not yet
            now += respond + TimeSpan.FromSeconds(1);
            levels.Add(incident.ReviewDeadlines(Policy, now));
        }

        Assert.Equal([CellLevel.Village, CellLevel.Township, CellLevel.County, null, null], levels);
        Assert.Equal(CellLevel.County, incident.Level);
        Assert.Equal(4, incident.DeadlinesMissed);
        Assert.Null(incident.RespondBy);
        Assert.Equal(3, incident.Timeline.Count(e => e.Kind == TimelineKind.Escalated));
    }

    [Fact]
    public void An_emergency_escalates_after_five_minutes_without_an_answer()
    {
        var incident = Opened(IncidentSeverity.Emergency);

        Assert.Null(incident.ReviewDeadlines(Policy, T0.AddMinutes(4)));
        Assert.Equal(CellLevel.County, incident.ReviewDeadlines(Policy, T0.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void Once_acknowledged_only_the_resolution_deadline_counts()
    {
        var incident = Opened(IncidentSeverity.Minor);
        incident.Dispatch("team-1", T0);
        incident.Acknowledge("team-1", T0.AddHours(1));

        Assert.Null(incident.ReviewDeadlines(Policy, T0 + Policy.Minor.Respond + TimeSpan.FromHours(1)));
        Assert.Equal(CellLevel.Township, incident.ReviewDeadlines(Policy, T0 + Policy.Minor.Resolve + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_decline_sends_it_back_to_triage_and_the_decliner_is_not_asked_again()
    {
        var incident = Opened();
        incident.Dispatch("team-1", T0);

        Assert.NotNull(incident.Withdraw("team-2", TimelineKind.Declined, "not mine", T0));
        Assert.Null(incident.Withdraw("team-1", TimelineKind.Declined, "车坏了", T0.AddMinutes(1)));

        Assert.Equal(IncidentStatus.Triaged, incident.Status);
        Assert.Null(incident.ResponderId);
        Assert.Contains("team-1", incident.Tried);
    }

    [Fact]
    public void Only_the_assigned_responder_moves_the_work_and_only_in_order()
    {
        var incident = Opened();
        incident.Dispatch("team-1", T0);

        Assert.Equal(IncidentError.NotAssigned, incident.Acknowledge("team-2", T0)?.Error);
        Assert.Equal(IncidentError.InvalidState, incident.Arrive("team-1", T0)?.Error);           // must 接单 first
        Assert.Equal(IncidentError.NotAssigned, incident.Resolve("team-2", onBehalf: false, null, T0)?.Error);
        Assert.Equal(IncidentError.InvalidState, incident.Close("leader-1", 5, T0)?.Error);       // not resolved yet
        Assert.Equal(IncidentStatus.Dispatched, incident.Status);
        Assert.Equal(3, incident.Timeline.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Satisfaction_is_one_to_five(int satisfaction)
    {
        var incident = Opened();
        incident.Resolve("command-centre", onBehalf: true, null, T0);

        Assert.Equal(IncidentError.InvalidArgument, incident.Close("leader-1", satisfaction, T0)?.Error);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
    }

    [Fact]
    public void A_reopened_incident_gets_fresh_deadlines_and_goes_back_to_triage()
    {
        var incident = Opened();
        incident.Resolve("command-centre", onBehalf: true, null, T0.AddDays(1));
        incident.Close("leader-1", 2, T0.AddDays(1));

        Assert.Null(incident.Reopen("leader-1", "路灯又坏了", Policy, T0.AddDays(2)));
        Assert.Equal(IncidentStatus.Triaged, incident.Status);
        Assert.Equal(T0.AddDays(2) + Policy.Minor.Respond, incident.RespondBy);
        Assert.Null(incident.Satisfaction);
    }

    [Fact]
    public void A_lamp_work_order_is_done_when_every_lamp_is_restored()
    {
        var incident = Opened();
        incident.AddLamp("L1", T0);
        incident.AddLamp("L2", T0);
        Assert.False(incident.AddLamp("L1", T0));

        Assert.False(incident.RestoreLamp("L1", T0.AddMinutes(1)));
        Assert.False(incident.RestoreLamp("L1", T0.AddMinutes(2)));
        Assert.True(incident.RestoreLamp("L2", T0.AddMinutes(3)));
    }

    [Fact]
    public void A_closed_incident_cannot_be_cancelled_or_dispatched()
    {
        var incident = Opened();
        incident.Resolve("command-centre", onBehalf: true, null, T0);
        incident.Close("leader-1", 4, T0);

        Assert.NotNull(incident.Cancel("x", "y", T0));
        Assert.NotNull(incident.Dispatch("team-1", T0));
        Assert.Null(incident.ReviewDeadlines(Policy, T0.AddYears(1)));
    }

    [Theory]
    [InlineData("abc-123_X.y", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/no", false)]
    [InlineData("中文", false)]
    public void Client_made_source_ids_are_safe_ids(string id, bool valid) => Assert.Equal(valid, IncidentIds.IsValidSourceId(id));

    [Fact]
    public void Incident_ids_are_derived_from_the_source_so_the_same_source_is_the_same_incident()
    {
        Assert.Equal("yimen-w-abc", IncidentIds.For("yimen", IncidentSource.Whistle, "abc"));
        Assert.Equal("yimen-a-yimen-L0001-LEAKAGE-3", IncidentIds.For("yimen", IncidentSource.LampAlarm, "yimen-L0001:LEAKAGE:3"));
        Assert.NotEqual(IncidentIds.For("yimen", IncidentSource.Whistle, "abc"), IncidentIds.For("yimen", IncidentSource.Hotline, "abc"));
    }
}
